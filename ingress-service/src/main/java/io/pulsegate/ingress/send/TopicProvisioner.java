package io.pulsegate.ingress.send;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.pulsar.core.PulsarAdministration;
import org.springframework.pulsar.core.PulsarTopic;
import org.springframework.stereotype.Component;

/**
 * Creates the routed topics with their configured partition counts at start-up, so that
 * the first publish does not auto-create a topic of the wrong shape.
 */
@Component
class TopicProvisioner implements ApplicationRunner {

	private final PulsarAdministration administration;

	private final EventRoutes routes;

	TopicProvisioner(PulsarAdministration administration, EventRoutes routes) {
		this.administration = administration;
		this.routes = routes;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.administration.createOrModifyTopics(this.routes.topics().toArray(PulsarTopic[]::new));
	}

}
