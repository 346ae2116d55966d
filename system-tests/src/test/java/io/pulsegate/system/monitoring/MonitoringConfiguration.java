package io.pulsegate.system.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The repository's {@code monitoring/} files as the test reads them: the alert rules and
 * the Grafana dashboards with their panels' queries.
 */
final class MonitoringConfiguration {

	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

	private static final ObjectMapper json = new ObjectMapper();

	private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");

	private final Path directory;

	/**
	 * @param directory the {@code monitoring} directory
	 */
	MonitoringConfiguration(Path directory) {
		this.directory = directory;
	}

	Path alertRulesFile() {
		return this.directory.resolve("prometheus/alerts.yml");
	}

	List<AlertRule> alertRules() {
		List<AlertRule> rules = new ArrayList<>();
		read(yaml, alertRulesFile()).path("groups")
			.forEach((group) -> group.path("rules")
				.forEach((rule) -> rules.add(new AlertRule(rule.path("alert").asText(), rule.path("expr").asText()))));
		return rules;
	}

	List<Dashboard> dashboards() {
		return List.of(dashboard("pulsegate-ingress"), dashboard("pulsegate-consumers"));
	}

	private Dashboard dashboard(String name) {
		JsonNode dashboard = read(json, this.directory.resolve("grafana/dashboards/" + name + ".json"));
		List<Panel> panels = new ArrayList<>();
		dashboard.path("panels").forEach((panel) -> {
			List<Target> targets = new ArrayList<>();
			panel.path("targets")
				.forEach((target) -> targets
					.add(new Target(target.path("expr").asText(), target.path("legendFormat").asText())));
			JsonNode grid = panel.path("gridPos");
			panels.add(new Panel(panel.path("title").asText(),
					panel.path("fieldConfig").path("defaults").path("unit").asText(), grid.path("x").asInt(),
					grid.path("y").asInt(), grid.path("w").asInt(), grid.path("h").asInt(), targets));
		});
		return new Dashboard(dashboard.path("uid").asText(), dashboard.path("title").asText(), panels);
	}

	private static JsonNode read(ObjectMapper mapper, Path file) {
		try {
			return mapper.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	/**
	 * An alerting rule.
	 *
	 * @param name the alert's name
	 * @param expr its PromQL expression
	 */
	record AlertRule(String name, String expr) {
	}

	/**
	 * A Grafana dashboard.
	 *
	 * @param uid its uid, also the file's name
	 * @param title its title
	 * @param panels its panels
	 */
	record Dashboard(String uid, String title, List<Panel> panels) {
	}

	/**
	 * A panel and where the dashboard's 24-column grid puts it.
	 *
	 * @param title the panel's title
	 * @param unit Grafana's unit of its values, such as {@code reqps} or {@code s}
	 * @param x its column
	 * @param y its row
	 * @param width its width in columns
	 * @param height its height in rows
	 * @param targets its queries
	 */
	record Panel(String title, String unit, int x, int y, int width, int height, List<Target> targets) {
	}

	/**
	 * A panel's query.
	 *
	 * @param expr the PromQL expression, possibly with Grafana variables
	 * @param legendFormat the series' legend, with {@code {{label}}} placeholders
	 */
	record Target(String expr, String legendFormat) {

		/**
		 * The expression as Grafana sends it to Prometheus.
		 * @param variables values of Grafana's variables, such as {@code __rate_interval}
		 * @return the expression with every variable replaced
		 * @throws IllegalArgumentException for a variable without a value
		 */
		String expr(Map<String, String> variables) {
			Matcher variable = VARIABLE.matcher(this.expr);
			StringBuilder resolved = new StringBuilder();
			while (variable.find()) {
				String name = (variable.group(1) != null) ? variable.group(1) : variable.group(2);
				String value = variables.get(name);
				if (value == null) {
					throw new IllegalArgumentException("No value for $" + name + " in " + this.expr);
				}
				variable.appendReplacement(resolved, Matcher.quoteReplacement(value));
			}
			return variable.appendTail(resolved).toString();
		}

		/**
		 * The legend of one series.
		 * @param labels the series' labels
		 * @return the legend format with the labels filled in
		 */
		String legend(Map<String, String> labels) {
			String legend = this.legendFormat;
			for (Map.Entry<String, String> label : labels.entrySet()) {
				legend = legend.replace("{{" + label.getKey() + "}}", label.getValue());
			}
			return legend.isBlank() ? labels.toString() : legend;
		}

	}

}
