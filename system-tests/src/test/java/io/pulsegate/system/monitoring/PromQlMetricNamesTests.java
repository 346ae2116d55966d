package io.pulsegate.system.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTests {

	@Test
	void aPlainSelectorIsItsName() {
		assertThat(PromQlMetricNames.in("up")).containsExactly("up");
	}

	@Test
	void labelMatchersAndTheirValuesAreNoNames() {
		assertThat(PromQlMetricNames.in("up{job=\"consumer\", instance=~\"10.0.0.1:8082|other\"} == 1"))
			.containsExactly("up");
	}

	@Test
	void functionsAggregationsAndLabelListsAreNoNames() {
		assertThat(PromQlMetricNames
			.in("histogram_quantile(0.99, sum by (le, instance) (rate(http_server_requests_seconds_bucket{uri=~\"/send.*\"}[$__rate_interval])))"
				.replace("$__rate_interval", "15s")))
			.containsExactly("http_server_requests_seconds_bucket");
		assertThat(PromQlMetricNames.in("sum(rate(a_total[1m])) without (pod) / on (job) group_left (team) b"))
			.containsExactly("a_total", "b");
	}

	@Test
	void keywordsNumbersAndDurationsAreNoNames() {
		assertThat(PromQlMetricNames
			.in("sum by (cause) (increase(dead_total[10m])) > 0 or sum(dead_total unless dead_total offset 10m) > bool 1e3 and count(up == 1) or vector(0)"))
			.containsExactly("dead_total", "up");
	}

	@Test
	void stringsWithBracesOrKeywordsInsideAreNoNames() {
		assertThat(PromQlMetricNames.in("label_replace(up{job='x'}, \"dst\", \"and {or} $1\", \"src\", \"(.*)\")"))
			.containsExactly("up");
	}

	@Test
	void subtractedSeriesAreBothNames() {
		assertThat(PromQlMetricNames.in("max by (instance) (bulkhead_max{name=\"publish\"} - bulkhead_available)"))
			.containsExactly("bulkhead_max", "bulkhead_available");
	}

	@Test
	void recordingRuleNamesWithColonsAreNames() {
		assertThat(PromQlMetricNames.in("job:requests:rate5m > 0.1")).containsExactly("job:requests:rate5m");
	}

}
