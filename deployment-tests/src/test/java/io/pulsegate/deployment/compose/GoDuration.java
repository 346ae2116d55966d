package io.pulsegate.deployment.compose;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Compose writes them ({@code 1m30s}, {@code 75s}, {@code 500ms}), which
 * also covers Spring's simple form such as {@code 30s}.
 */
final class GoDuration {

	private static final Pattern WHOLE = Pattern.compile("([0-9]+(ms|us|ns|h|m|s))+");

	private static final Pattern PART = Pattern.compile("([0-9]+)(ms|us|ns|h|m|s)");

	private GoDuration() {
	}

	static Duration parse(String value) {
		if (!WHOLE.matcher(value).matches()) {
			throw new IllegalArgumentException("Not a duration: " + value);
		}
		Duration duration = Duration.ZERO;
		Matcher part = PART.matcher(value);
		while (part.find()) {
			long amount = Long.parseLong(part.group(1));
			duration = duration.plus(switch (part.group(2)) {
				case "h" -> Duration.ofHours(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "ms" -> Duration.ofMillis(amount);
				case "us" -> Duration.ofNanos(amount * 1000);
				default -> Duration.ofNanos(amount);
			});
		}
		return duration;
	}

}
