package io.pulsegate.ingress.http;

import java.util.ArrayList;
import java.util.List;

import io.pulsegate.ingress.http.WaitingPlaces.Grant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingPlacesTests {

	@Test
	void aTenantAloneTakesHalfOfThePlacesOrItsLimitIfThatIsLess() {
		assertThat(takeAll(new WaitingPlaces(32, 32), "acme")).isEqualTo(16);
		assertThat(takeAll(new WaitingPlaces(32, 8), "acme")).isEqualTo(8);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 7, 10, 15, 16, 31 })
	void tenantsThatStallTogetherLeaveAPlaceForOneMore(int tenants) {
		WaitingPlaces places = new WaitingPlaces(32, 16);
		List<String> stalling = new ArrayList<>();
		for (int i = 0; i < tenants; i++) {
			stalling.add("stalling-" + i);
		}
		boolean tookAny = true;
		while (tookAny) {
			tookAny = false;
			for (String tenant : stalling) {
				tookAny |= places.take(tenant) == Grant.TAKEN;
			}
		}

		assertThat(places.taken()).isLessThan(32);
		assertThat(places.take(stalling.get(0))).isEqualTo(Grant.SHARE_HELD);
		assertThat(places.take("another")).isEqualTo(Grant.TAKEN);
	}

	@Test
	void aTenantOverTheShareItCameWithTakesNoMoreUntilItHoldsLess() {
		WaitingPlaces places = new WaitingPlaces(32, 16);
		assertThat(takeAll(places, "first")).isEqualTo(16);
		assertThat(takeAll(places, "second")).as("a third of the places").isEqualTo(10);
		assertThat(places.take("first")).isEqualTo(Grant.SHARE_HELD);

		for (int i = 0; i < 7; i++) {
			places.free("first");
		}

		assertThat(places.take("first")).as("9 held, 10 its share").isEqualTo(Grant.TAKEN);
		assertThat(places.take("first")).isEqualTo(Grant.SHARE_HELD);
		assertThat(places.taken()).isEqualTo(20);
	}

	@Test
	void tenantsThatComeOneAfterAnotherFillThePlacesOnlyUntilTheFirstGivesItsBack() {
		WaitingPlaces places = new WaitingPlaces(32, 16);
		assertThat(takeAll(places, "first")).isEqualTo(16);
		assertThat(takeAll(places, "second")).isEqualTo(10);
		assertThat(takeAll(places, "third")).isEqualTo(6);
		assertThat(places.take("another")).isEqualTo(Grant.NONE_FREE);

		for (int i = 0; i < 16; i++) {
			places.free("first");
		}

		assertThat(takeAll(places, "first")).as("a quarter of the places").isEqualTo(8);
		assertThat(places.take("another")).isEqualTo(Grant.TAKEN);
	}

	@Test
	void aPlaceGivenBackCanBeTakenAgain() {
		WaitingPlaces places = new WaitingPlaces(2, 2);
		assertThat(places.take("acme")).isEqualTo(Grant.TAKEN);
		assertThat(places.take("acme")).isEqualTo(Grant.SHARE_HELD);

		places.free("acme");

		assertThat(places.taken()).isZero();
		assertThat(places.take("acme")).isEqualTo(Grant.TAKEN);
	}

	private static int takeAll(WaitingPlaces places, String tenant) {
		int taken = 0;
		while (places.take(tenant) == Grant.TAKEN) {
			taken++;
		}
		return taken;
	}

}
