package io.pulsegate.events.orders;

import java.util.regex.Pattern;

final class Currencies {

	private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

	private Currencies() {
	}

	static void requireCode(String currency) {
		if (currency == null || !CODE.matcher(currency).matches()) {
			throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR");
		}
	}

}
