package io.pulsegate.ingress.send;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingress.
 *
 * @param routes which topic each event type goes to
 * @param publishTimeout longest time a request waits for the broker before it gets 503;
 * also the producer's send timeout and the client's operation timeout
 * @param retryAfter what a 503 answer advises in its {@code Retry-After} header
 * @param defaultSource CloudEvents {@code source} of events that name none
 * @param maxBodySize largest request body accepted; larger ones get 413
 * @param maxBatchSize most events in one batch; more get 413
 * @param maxDeliveryDelay latest scheduled delivery ({@code deliverAt},
 * {@code deliverAfter}) accepted, counted from now
 */
@ConfigurationProperties("pulsegate.ingress")
@Validated
public record IngressProperties(@NotEmpty List<@Valid Route> routes,
		@DefaultValue("5s") @NotNull Duration publishTimeout, @DefaultValue("5s") @NotNull Duration retryAfter,
		@DefaultValue("urn:pulsegate:ingress") @NotBlank String defaultSource,
		@DefaultValue("1MB") @NotNull DataSize maxBodySize, @DefaultValue("500") @Positive int maxBatchSize,
		@DefaultValue("7d") @NotNull Duration maxDeliveryDelay, @DefaultValue("true") boolean brokerDeduplication) {

	/**
	 * Event types published to one topic.
	 *
	 * @param topic fully qualified topic name, such as
	 * {@code persistent://public/default/orders}
	 * @param partitions partitions to create the topic with; 0 for a non-partitioned
	 * topic
	 * @param types event types routed to the topic
	 */
	public record Route(@NotBlank String topic, @DefaultValue("0") @PositiveOrZero int partitions,
			@NotEmpty List<@NotBlank String> types) {
	}

}
