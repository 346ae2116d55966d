package io.pulsegate.ingress.send;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.apache.pulsar.client.api.PulsarClientException;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.pulsar.core.PulsarAdministration;
import org.springframework.pulsar.core.PulsarTopic;
import org.springframework.stereotype.Component;

/**
 * Creates the routed topics with their configured partition counts at start-up, so that
 * the first publish does not auto-create a topic of the wrong shape, and switches on the
 * broker's message deduplication for them: when a producer resends after a lost
 * acknowledgement, the broker keeps the message once.
 */
@Component
class TopicProvisioner implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(TopicProvisioner.class);

	private final PulsarAdministration administration;

	private final EventRoutes routes;

	private final boolean deduplication;

	TopicProvisioner(PulsarAdministration administration, EventRoutes routes, IngressProperties properties) {
		this.administration = administration;
		this.routes = routes;
		this.deduplication = properties.brokerDeduplication();
	}

	@Override
	public void run(ApplicationArguments args) throws PulsarClientException {
		this.administration.createOrModifyTopics(this.routes.topics().toArray(PulsarTopic[]::new));
		if (this.deduplication) {
			enableDeduplication();
		}
	}

	private void enableDeduplication() throws PulsarClientException {
		try (PulsarAdmin admin = this.administration.createAdminClient()) {
			for (PulsarTopic topic : this.routes.topics()) {
				try {
					admin.topicPolicies().setDeduplicationStatus(topic.topicName(), true);
				}
				catch (PulsarAdminException ex) {
					// Publishing works without it; an operator may not grant this
					// permission.
					logger.warn("Could not enable deduplication on " + topic.topicName() + ": " + ex.getMessage());
				}
			}
		}
	}

}
