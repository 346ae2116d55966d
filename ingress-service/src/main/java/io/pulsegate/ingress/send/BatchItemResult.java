package io.pulsegate.ingress.send;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What became of one event of a batch.
 *
 * @param index its position in the batch
 * @param status 202 if the broker acknowledged it, 400 if it was invalid, 403 if the
 * caller's tenant may not publish it, 503 if the broker did not acknowledge it
 * @param id the event id, when it was published or the broker did not acknowledge it: an
 * event sent again under the same id is applied once, even if the first did reach the
 * broker
 * @param topic the topic, when it was published
 * @param messageId the Pulsar message id, when it was published
 * @param errors the problems, when it was invalid
 * @param detail why it failed, when it was forbidden or the broker did not acknowledge it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BatchItemResult(int index, int status, @Nullable String id, @Nullable String topic, @Nullable String messageId,
		@Nullable List<EventError> errors, @Nullable String detail) {

	static BatchItemResult published(int index, PublishedEvent event) {
		return new BatchItemResult(index, 202, event.id(), event.topic(), event.messageId(), null, null);
	}

	static BatchItemResult invalid(int index, List<EventError> errors) {
		return new BatchItemResult(index, 400, null, null, null, errors, null);
	}

	static BatchItemResult forbidden(int index, String detail) {
		return new BatchItemResult(index, 403, null, null, null, null, detail);
	}

	static BatchItemResult unavailable(int index, String id) {
		return new BatchItemResult(index, 503, id, null, null, null,
				"The broker did not acknowledge the event; retry it later, under the same id.");
	}

	boolean succeeded() {
		return this.status == 202;
	}

}
