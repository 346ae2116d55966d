package io.pulsegate.consumer.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pulsegate.events.MessageProperties;
import org.apache.pulsar.client.api.Message;
import org.jspecify.annotations.Nullable;

/**
 * A message on the dead-letter topic, as the admin API shows it.
 *
 * @param id its message id on the dead-letter topic, which names it in the API
 * @param eventId the event's id, if it was an event
 * @param type the event's type, if it had one
 * @param key the message key, such as an order id
 * @param reason why it was dead-lettered
 * @param attempts how often it was delivered before
 * @param subscription the subscription that gave up on it
 * @param origin the topic and message id it had
 * @param deadLetteredAt when it was written to the dead-letter topic
 * @param properties all its message properties (inspection only)
 * @param data its payload as text (inspection only)
 * @param dataBase64 its payload in base64 when it is not UTF-8 text (inspection only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(String id, @Nullable String eventId, @Nullable String type, @Nullable String key,
		@Nullable String reason, int attempts, @Nullable String subscription, @Nullable String origin,
		Instant deadLetteredAt, @Nullable Map<String, String> properties, @Nullable String data,
		@Nullable String dataBase64) {

	static DeadLetter summary(Message<byte[]> message) {
		return of(message, false);
	}

	static DeadLetter detail(Message<byte[]> message) {
		return of(message, true);
	}

	private static DeadLetter of(Message<byte[]> message, boolean detail) {
		String text = detail ? text(message.getData()) : null;
		String attempts = message.getProperty(DeadLetters.ATTEMPTS);
		return new DeadLetter(message.getMessageId().toString(), message.getProperty(MessageProperties.ID),
				message.getProperty(MessageProperties.TYPE), message.hasKey() ? message.getKey() : null,
				message.getProperty(DeadLetters.REASON), MessageProperties.count(attempts),
				message.getProperty(DeadLetters.SUBSCRIPTION), message.getProperty(DeadLetters.ORIGIN),
				Instant.ofEpochMilli(message.getPublishTime()), detail ? message.getProperties() : null, text,
				(detail && text == null) ? Base64.getEncoder().encodeToString(message.getData()) : null);
	}

	private static @Nullable String text(byte[] data) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
