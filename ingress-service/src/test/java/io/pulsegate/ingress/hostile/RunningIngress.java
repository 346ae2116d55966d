package io.pulsegate.ingress.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import io.pulsegate.ingress.IngressApplication;
import io.pulsegate.testsupport.SharedBrokerConfiguration;
import io.pulsegate.testsupport.SharedTestBroker;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ingress as it runs, on a real port and the shared test broker, routing every event
 * type to a topic of its own, with a reader on that topic that tells whether anything was
 * published. jqwik properties do not run in Spring's test context, so the application is
 * started here, once per property class.
 */
final class RunningIngress implements AutoCloseable {

	/** The API key of tenant {@code public} in the test configuration. */
	static final String API_KEY = "public-tenant-test-key";

	private final ConfigurableApplicationContext context;

	private final String topic;

	private final PulsarClient client;

	private final Reader<byte[]> reader;

	private RunningIngress(ConfigurableApplicationContext context, String topic, PulsarClient client,
			Reader<byte[]> reader) {
		this.context = context;
		this.topic = topic;
		this.client = client;
		this.reader = reader;
	}

	static RunningIngress start() {
		String topic = "persistent://public/default/hostile-" + UUID.randomUUID();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(IngressApplication.class,
				SharedBrokerConfiguration.class)
			// Arguments, as they override application.yml.
			.run("--server.port=0", "--pulsegate.ingress.routes[0].topic=" + topic,
					"--pulsegate.ingress.routes[0].types[0]=order.placed",
					"--pulsegate.ingress.routes[0].types[1]=order.paid",
					"--pulsegate.ingress.routes[0].types[2]=order.cancelled");
		try {
			PulsarClient client = PulsarClient.builder().serviceUrl(SharedTestBroker.get().serviceUrl()).build();
			Reader<byte[]> reader = client.newReader(Schema.BYTES)
				.topic(topic)
				.startMessageId(MessageId.earliest)
				.create();
			return new RunningIngress(context, topic, client, reader);
		}
		catch (PulsarClientException ex) {
			context.close();
			throw new IllegalStateException("Cannot read " + topic, ex);
		}
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	String topic() {
		return this.topic;
	}

	/**
	 * How many messages were published to the topic since the last call, read off it.
	 * @return the number of new messages
	 */
	int newlyPublished() {
		try {
			int published = 0;
			while (this.reader.hasMessageAvailable()) {
				this.reader.readNext();
				published++;
			}
			return published;
		}
		catch (PulsarClientException ex) {
			throw new IllegalStateException("Cannot read " + this.topic, ex);
		}
	}

	/**
	 * The ingress's health, as a load balancer sees it.
	 * @return the status code and body of {@code GET /actuator/health}
	 */
	RawHttp.Response health() {
		try {
			return RawHttp.exchange(port(), RawHttp.Request.line("GET /actuator/health HTTP/1.1").toBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.reader.close();
			this.client.close();
		}
		finally {
			this.context.close();
		}
	}

}
