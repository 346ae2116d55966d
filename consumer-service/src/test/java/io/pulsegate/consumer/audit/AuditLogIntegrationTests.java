package io.pulsegate.consumer.audit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.consumer.TestEvents;
import io.pulsegate.consumer.events.ConsumerProperties;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.TestDatabaseConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.pulsar.config.PulsarListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.pulsegate.consumer.TestEvents.metadata;
import static io.pulsegate.consumer.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit subscription logging batches against the real broker and a real PostgreSQL.
 * Each test publishes while the audit listener is stopped and then starts it, so that its
 * messages arrive in one batch.
 */
@SpringBootTest(properties = { "pulsegate.consumer.subscription=audit-log-projection-it",
		"pulsegate.consumer.audit-subscription=audit-log-it", "pulsegate.consumer.batch.timeout=1s",
		"pulsegate.consumer.redelivery.min-delay=100ms", "pulsegate.consumer.redelivery.max-delay=500ms" })
@Import({ SharedBrokerConfiguration.class, TestDatabaseConfiguration.class })
class AuditLogIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@RegisterExtension
	static final TestEvents events = TestEvents.onNewTopic("audit-log-it");

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ConsumerProperties properties;

	@Autowired
	private PulsarListenerEndpointRegistry listeners;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void uniqueTopic(DynamicPropertyRegistry registry) {
		registry.add("pulsegate.consumer.topic", events::topic);
	}

	@Test
	void logsABatchOnceWithEachMessagesTraceId() throws Exception {
		inOneBatch(() -> {
			publishTraced("traced-1", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
			publishTraced("traced-2", "not a traceparent");
			events.publish(metadata("traced-3", "order.placed", "order-traced-3"), placed("order-traced-3"));
			events.publishRaw(Map.of("ce_id", "traced-4"), "not an event");
		});

		await().atMost(PATIENCE).until(() -> logged("traced-%") == 4);
		awaitNoBacklog();
		assertThat(this.jdbc
			.sql("SELECT event_id, trace_id FROM audit_log WHERE event_id LIKE 'traced-%' " + "ORDER BY event_id")
			.query((row, number) -> row.getString(1) + "=" + row.getString(2))
			.list()).containsExactly("traced-1=" + TRACE_ID, "traced-2=null", "traced-3=null", "traced-4=null");
	}

	@Test
	void aMessageTheDatabaseRefusesIsNotAcknowledgedWhileTheRestOfItsBatchIsLogged() throws Exception {
		this.jdbc.sql("CREATE TABLE refuse_audit (refuse boolean)").update();
		this.jdbc.sql("INSERT INTO refuse_audit VALUES (true)").update();
		this.jdbc.sql("""
				CREATE FUNCTION refuse_audit() RETURNS trigger AS $$
				BEGIN
					IF NEW.event_id LIKE 'refused-%' AND EXISTS (SELECT 1 FROM refuse_audit) THEN
						RAISE EXCEPTION 'audit refused for %', NEW.event_id;
					END IF;
					RETURN NEW;
				END $$ LANGUAGE plpgsql""").update();
		this.jdbc
			.sql("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW "
					+ "EXECUTE FUNCTION refuse_audit()")
			.update();
		inOneBatch(() -> {
			for (int i = 1; i <= 2; i++) {
				events.publish(metadata("refused-" + i, "order.placed", "order-refused-" + i),
						placed("order-refused-" + i));
				events.publish(metadata("accepted-" + i, "order.placed", "order-accepted-" + i),
						placed("order-accepted-" + i));
			}
		});

		// Refused, delivered again and refused again: never acknowledged; the others are.
		await().atMost(PATIENCE).until(() -> failed() >= 4);
		assertThat(logged("accepted-%")).isEqualTo(2);
		assertThat(logged("refused-%")).isZero();
		assertThat(backlog()).isEqualTo(2);
		this.jdbc.sql("DELETE FROM refuse_audit").update();

		await().atMost(PATIENCE).until(() -> logged("refused-%") == 2);
		awaitNoBacklog();
		assertThat(logged("accepted-%")).isEqualTo(2);
	}

	private void publishTraced(String id, String traceparent) throws Exception {
		Map<String, String> properties = new HashMap<>(
				metadata(id, "order.placed", "order-" + id).toMessageProperties());
		properties.put("traceparent", traceparent);
		events.publishRaw(properties, placed("order-" + id));
	}

	private void inOneBatch(TestEvents.Publishing publishing) throws Exception {
		TestEvents.whileStopped(this.listeners.getListenerContainer("audit"), publishing);
	}

	private int logged(String eventIdPattern) {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE event_id LIKE ?")
			.param(eventIdPattern)
			.query(Integer.class)
			.single();
	}

	private double failed() {
		return this.meters.find("pulsegate.consumer.audit.failed")
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private long backlog() {
		return events.backlog(this.properties.auditSubscription());
	}

	private void awaitNoBacklog() {
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(backlog()).isZero());
	}

}
