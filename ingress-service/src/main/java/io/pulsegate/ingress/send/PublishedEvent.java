package io.pulsegate.ingress.send;

/**
 * What the broker acknowledged, as answered to the client.
 *
 * @param id the event id
 * @param topic the topic the event was published to
 * @param messageId the Pulsar message id
 */
record PublishedEvent(String id, String topic, String messageId) {
}
