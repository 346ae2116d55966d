package io.pulsegate.benchmark;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsegate.benchmark.events.OrderEvents;
import io.pulsegate.benchmark.load.HttpTarget;
import io.pulsegate.benchmark.load.HttpTarget.Success;

/**
 * The HTTP paths, all driven by the same generator with the same events.
 */
final class Targets {

	static final int BATCH = 100;

	// Pulsar's REST producer answers 200 even when a message failed: look at each result.
	private static final Pattern REST_FAILURE = Pattern.compile("\"errorCode\"\\s*:\\s*[1-9]");

	private static final Success REST_SUCCESS = (status, body) -> status == 200 && !REST_FAILURE.matcher(body).find();

	private static final Success BATCH_SUCCESS = (status, body) -> status == 202;

	private Targets() {
	}

	static HttpTarget send(String name, String ingressUrl, String apiKey, OrderEvents events) {
		return new HttpTarget(name, URI.create(ingressUrl + "/send"),
				Map.of("Content-Type", "application/json", "X-API-Key", apiKey), events.envelope(), Success.status(202),
				1);
	}

	static HttpTarget batch(String ingressUrl, String apiKey, OrderEvents events) {
		return new HttpTarget("send-batch-100", URI.create(ingressUrl + "/send/batch"),
				Map.of("Content-Type", "application/json", "X-API-Key", apiKey), events.batch(BATCH), BATCH_SUCCESS,
				BATCH);
	}

	static HttpTarget restProducer(String brokerWebUrl, String topic, OrderEvents events, int messages) {
		String path = "/topics/" + topic.replace("://", "/");
		return new HttpTarget((messages == 1) ? "pulsar-rest" : "pulsar-rest-batch-" + messages,
				URI.create(brokerWebUrl + path), Map.of("Content-Type", "application/json"),
				events.restProducer(messages), REST_SUCCESS, messages);
	}

}
