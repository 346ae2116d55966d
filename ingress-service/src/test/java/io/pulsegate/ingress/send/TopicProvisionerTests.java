package io.pulsegate.ingress.send;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsegate.events.schema.EventCatalog;
import io.pulsegate.events.schema.EventValidator;
import org.apache.pulsar.client.admin.PulsarAdminException;
import org.junit.jupiter.api.Test;

import org.springframework.pulsar.core.PulsarAdministration;
import org.springframework.pulsar.core.PulsarTopic;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class TopicProvisionerTests {

	private final IngressProperties properties = new IngressProperties(
			List.of(new IngressProperties.Route("persistent://public/default/orders", 0, List.of("order.placed"))),
			Duration.ofSeconds(5), Duration.ofSeconds(5), "urn:test", DataSize.ofMegabytes(1), 500, Duration.ofDays(7),
			false);

	private final EventRoutes routes = new EventRoutes(this.properties, new EventValidator(EventCatalog.standard()));

	@Test
	void topicCreatedByAnotherServiceBetweenTheCheckAndTheCreationIsFoundOnASecondPass() throws Exception {
		// What Spring for Apache Pulsar throws when the broker answers 409 to the
		// creation.
		Administration administration = new Administration(new RuntimeException(
				new PulsarAdminException.ConflictException(null, "This topic already exists", 409)));

		new TopicProvisioner(administration, this.routes, this.properties).run(null);

		assertThat(administration.calls).hasValue(2);
	}

	@Test
	void aRoleThatMayNotCreateTheTopicsStopsTheStartSayingWhatToDo() {
		Administration administration = new Administration(
				new RuntimeException(new PulsarAdminException.NotAuthorizedException(null, "no", 403)));

		assertThatIllegalStateException()
			.isThrownBy(() -> new TopicProvisioner(administration, this.routes, this.properties).run(null))
			.withMessageContaining("persistent://public/default/orders")
			.withMessageContaining("create them beforehand, or make the role an admin of their tenant");
		assertThat(administration.calls).hasValue(1);
	}

	@Test
	void anyOtherFailureStopsTheStart() {
		RuntimeException failure = new RuntimeException(
				new PulsarAdminException.ServerSideErrorException(null, "broken", "broken", 500));
		Administration administration = new Administration(failure);

		assertThatRuntimeException()
			.isThrownBy(() -> new TopicProvisioner(administration, this.routes, this.properties).run(null))
			.isSameAs(failure);
		assertThat(administration.calls).hasValue(1);
	}

	/** Fails the first call with the given exception, then succeeds. */
	static class Administration extends PulsarAdministration {

		final AtomicInteger calls = new AtomicInteger();

		private final RuntimeException firstFailure;

		Administration(RuntimeException firstFailure) {
			super("http://127.0.0.1:1");
			this.firstFailure = firstFailure;
		}

		@Override
		public void createOrModifyTopics(PulsarTopic... topics) {
			if (this.calls.incrementAndGet() == 1) {
				throw this.firstFailure;
			}
		}

	}

}
