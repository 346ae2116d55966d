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
		createTopics();
		if (this.deduplication) {
			enableDeduplication();
		}
	}

	// A consumer subscribing at the same moment may create a topic between the check for
	// it and its creation here; a second pass then finds it.
	private void createTopics() {
		PulsarTopic[] topics = this.routes.topics().toArray(PulsarTopic[]::new);
		try {
			this.administration.createOrModifyTopics(topics);
		}
		catch (RuntimeException ex) {
			if (causedBy(ex, PulsarAdminException.NotAuthorizedException.class)) {
				throw new IllegalStateException("The broker does not let the ingress's role create its topics "
						+ this.routes.topics().stream().map(PulsarTopic::topicName).toList()
						+ ": create them beforehand, or make the role an admin of their tenant", ex);
			}
			if (!causedBy(ex, PulsarAdminException.ConflictException.class)) {
				throw ex;
			}
			logger.info("A topic was created by someone else meanwhile; checking the topics again");
			this.administration.createOrModifyTopics(topics);
		}
	}

	private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
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
