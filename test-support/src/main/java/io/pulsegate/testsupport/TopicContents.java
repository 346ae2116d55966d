package io.pulsegate.testsupport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.client.api.Schema;

/**
 * Reads what is really on a topic with a plain Pulsar reader, independent of the
 * application under test: the way tests prove something was, or was not, published.
 */
public final class TopicContents {

	private TopicContents() {
	}

	/**
	 * Every message currently on a topic, oldest first.
	 * @param broker the broker
	 * @param topic the full topic name
	 * @return the messages with their raw payload
	 */
	public static List<Message<byte[]>> readAll(TestBroker broker, String topic) {
		try (PulsarClient client = broker.clientBuilder().build();
				Reader<byte[]> reader = client.newReader(Schema.BYTES)
					.topic(topic)
					.startMessageId(MessageId.earliest)
					.create()) {
			List<Message<byte[]>> messages = new ArrayList<>();
			while (reader.hasMessageAvailable()) {
				Message<byte[]> message = reader.readNext(10, TimeUnit.SECONDS);
				if (message == null) {
					throw new IllegalStateException("Timed out reading " + topic + " after " + messages.size()
							+ " messages although more were announced");
				}
				messages.add(message);
			}
			return messages;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + topic, ex);
		}
	}

}
