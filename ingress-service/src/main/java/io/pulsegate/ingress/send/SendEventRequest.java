package io.pulsegate.ingress.send;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.pulsegate.events.EventMetadata;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body of {@code POST /send}.
 *
 * @param id unique event id; generated when absent
 * @param type event type, which picks the topic
 * @param source who emitted the event; the configured default when absent
 * @param time when the event happened; the time of receipt when absent
 * @param key message key: events with the same key keep their order
 * @param headers application properties carried with the message
 * @param data the event's data, a JSON object
 */
record SendEventRequest(@Nullable @Size(min = 1, max = 128) String id,
		@NotBlank(message = "is required") @Size(max = 256) String type,
		@Nullable @Size(min = 1, max = 1024) String source, @Nullable Instant time,
		@Nullable @Size(min = 1, max = 1024) String key,
		@Nullable @Size(max = 64) Map<@Pattern(regexp = "^(?![cC][eE]_)\\S.{0,255}$",
				message = "must be 1 to 256 characters, start with a non-space and not with 'ce_'") String, @NotNull @Size(
						max = 4096) String> headers,
		@NotNull(message = "is required") ObjectNode data) {

	EventMetadata toMetadata(String defaultSource, Clock clock) {
		return new EventMetadata((this.id != null) ? this.id : UUID.randomUUID().toString(), this.type,
				(this.source != null) ? this.source : defaultSource, (this.time != null) ? this.time : clock.instant(),
				this.key, (this.headers != null) ? this.headers : Map.of());
	}

}
