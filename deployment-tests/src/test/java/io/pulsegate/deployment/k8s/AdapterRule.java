package io.pulsegate.deployment.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulsegate.deployment.RepositoryRoot;

/**
 * One Prometheus Adapter rule from {@code k8s/monitoring/prometheus-adapter-values.yaml}:
 * which Prometheus series it reads and which metric it serves to autoscalers.
 *
 * @param type {@code custom} (per-object metrics such as pods) or {@code external}
 * @param seriesQuery the series it discovers, such as {@code name{job="ingress"}}
 * @param matches the regular expression applied to the series name
 * @param as what the name becomes
 * @param resources the labels mapped to Kubernetes resources, by label
 * @param metricsQuery the PromQL it answers with
 */
record AdapterRule(String type, String seriesQuery, String matches, String as, Map<String, String> resources,
		String metricsQuery) {

	static final String VALUES_FILE = "k8s/monitoring/prometheus-adapter-values.yaml";

	private static final Pattern seriesName = Pattern.compile("^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{(.*)}\\s*$");

	private static final Pattern matcher = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");

	private static final Pattern aggregation = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

	static JsonNode values() {
		try {
			return new YAMLMapper().readTree(RepositoryRoot.resolve(VALUES_FILE).toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<AdapterRule> load() {
		JsonNode rules = values().path("rules");
		List<AdapterRule> loaded = new ArrayList<>();
		for (String type : List.of("custom", "external")) {
			for (JsonNode rule : rules.path(type)) {
				Map<String, String> resources = new LinkedHashMap<>();
				rule.at("/resources/overrides")
					.properties()
					.forEach((entry) -> resources.put(entry.getKey(), entry.getValue().path("resource").asText()));
				loaded.add(new AdapterRule(type, rule.path("seriesQuery").asText(), rule.at("/name/matches").asText(),
						rule.at("/name/as").asText(), resources, rule.path("metricsQuery").asText()));
			}
		}
		return loaded;
	}

	/**
	 * The metric the rule reads, from its series query.
	 * @return such as {@code http_server_requests_seconds_count}
	 */
	String seriesName() {
		return parsedSeriesQuery().group(1);
	}

	/**
	 * The label matchers of the series query, such as {@code job="ingress"}.
	 * @return each matcher as operator and value, by label
	 */
	Map<String, List<String>> seriesMatchers() {
		Map<String, List<String>> matchers = new LinkedHashMap<>();
		Matcher found = matcher.matcher(parsedSeriesQuery().group(2));
		while (found.find()) {
			matchers.put(found.group(1), List.of(found.group(2), found.group(3)));
		}
		return matchers;
	}

	/**
	 * The value the series query requires of a label ({@code label="value"}).
	 * @param label such as {@code job}
	 * @return the value, or {@code null}
	 */
	String requiredValue(String label) {
		List<String> matcher = seriesMatchers().get(label);
		return (matcher != null && matcher.get(0).equals("=")) ? matcher.get(1) : null;
	}

	/**
	 * The name of the metric the adapter serves: the series name with {@code matches}
	 * replaced by {@code as}.
	 * @return the metric's name, as autoscalers ask for it
	 */
	String metricName() {
		Matcher name = Pattern.compile(this.matches).matcher(seriesName());
		if (!name.find()) {
			throw new AssertionError("name.matches " + this.matches + " does not match " + seriesName());
		}
		return this.as.isEmpty() ? seriesName() : name.replaceFirst(this.as);
	}

	/**
	 * The labels the metrics query keeps: those of its {@code by (...)} clauses, with
	 * {@code <<.GroupBy>>} standing for the resource labels.
	 * @return the labels of the series the adapter answers with
	 */
	Set<String> keptLabels() {
		Set<String> labels = new LinkedHashSet<>();
		Matcher by = aggregation.matcher(this.metricsQuery);
		while (by.find()) {
			for (String label : by.group(1).split(",")) {
				if (label.trim().equals("<<.GroupBy>>")) {
					labels.addAll(this.resources.keySet());
				}
				else {
					labels.add(label.trim());
				}
			}
		}
		return labels;
	}

	/**
	 * Labels the metrics query matches besides {@code <<.LabelMatchers>>}, such as
	 * {@code uri} in {@code uri!~"/actuator.*"}.
	 * @return those labels
	 */
	Set<String> filteredLabels() {
		Set<String> labels = new LinkedHashSet<>();
		Matcher found = matcher.matcher(this.metricsQuery);
		while (found.find()) {
			labels.add(found.group(1));
		}
		return labels;
	}

	private Matcher parsedSeriesQuery() {
		Matcher parsed = seriesName.matcher(this.seriesQuery);
		if (!parsed.matches()) {
			throw new AssertionError("Expected a series query of the form name{matchers}: " + this.seriesQuery);
		}
		return parsed;
	}

}
