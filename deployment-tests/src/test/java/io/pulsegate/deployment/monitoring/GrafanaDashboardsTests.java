package io.pulsegate.deployment.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards in {@code monitoring/grafana/dashboards} and the provisioning
 * files that give Grafana their data source and load them.
 */
class GrafanaDashboardsTests {

	/** Where docker-compose.yml mounts {@code monitoring/grafana/dashboards}. */
	private static final String DASHBOARDS_MOUNT = "/var/lib/grafana/dashboards";

	// A series selector with its label matchers; string literals hold no braces here.
	private static final Pattern SELECTOR = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\{([^}]*)}");

	private final JsonNode datasources = MonitoringFiles.yaml("grafana/provisioning/datasources/prometheus.yml");

	private final JsonNode providers = MonitoringFiles.yaml("grafana/provisioning/dashboards/pulsegate.yml");

	static Stream<String> dashboards() {
		return Stream.of("pulsegate-ingress", "pulsegate-consumers");
	}

	@Test
	void theDirectoryHoldsTheAgreedDashboards() throws IOException {
		try (Stream<Path> files = Files.list(MonitoringFiles.path("grafana/dashboards"))) {
			assertThat(files.map((file) -> file.getFileName().toString()))
				.containsExactlyInAnyOrder("pulsegate-ingress.json", "pulsegate-consumers.json");
		}
	}

	@Test
	void thePrometheusDataSourceIsTheComposeServiceWithTheUidTheDashboardsUse() {
		assertThat(this.datasources.path("apiVersion").asInt()).isEqualTo(1);
		assertThat(this.datasources.path("datasources")).hasSize(1);
		JsonNode prometheus = this.datasources.path("datasources").get(0);
		assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
		assertThat(prometheus.path("uid").asText()).isEqualTo("prometheus");
		assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
		assertThat(prometheus.path("access").asText()).isEqualTo("proxy");
	}

	@Test
	void theDashboardProviderLoadsFilesFromWhereComposeMountsThem() {
		assertThat(this.providers.path("apiVersion").asInt()).isEqualTo(1);
		assertThat(this.providers.path("providers")).hasSize(1);
		JsonNode provider = this.providers.path("providers").get(0);
		assertThat(provider.path("type").asText()).isEqualTo("file");
		assertThat(provider.path("options").path("path").asText()).isEqualTo(DASHBOARDS_MOUNT);
	}

	@Test
	void theProvisioningFilesAreWhereGrafanaLooksForThem() {
		// Compose mounts monitoring/grafana/provisioning at /etc/grafana/provisioning;
		// Grafana reads its datasources/ and dashboards/ folders.
		assertThat(MonitoringFiles.path("grafana/provisioning/datasources/prometheus.yml")).isRegularFile();
		assertThat(MonitoringFiles.path("grafana/provisioning/dashboards/pulsegate.yml")).isRegularFile();
	}

	@Test
	void dashboardUidsAreDistinct() {
		assertThat(dashboards().map((name) -> dashboard(name).path("uid").asText())).doesNotHaveDuplicates()
			.doesNotContain("");
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void parsesAsADashboardOfTheCurrentSchema(String name) {
		JsonNode dashboard = dashboard(name);

		assertThat(dashboard.path("uid").asText()).isEqualTo(name);
		assertThat(dashboard.path("title").asText()).isNotBlank();
		assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
		assertThat(dashboard.has("id")).as("no database id, so that provisioning assigns one").isFalse();
		assertThat(dashboard.path("panels")).isNotEmpty();
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void everyPanelQueriesTheProvisionedDataSourceWithAnExpression(String name) {
		String uid = this.datasources.path("datasources").get(0).path("uid").asText();

		assertThat(panels(name)).allSatisfy((panel) -> {
			String title = panel.path("title").asText();
			assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
			assertThat(panel.path("targets")).as(title).isNotEmpty();
			panel.path("targets").forEach((target) -> {
				assertThat(target.path("expr").asText()).as(title).isNotBlank();
				assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
				assertThat(target.path("refId").asText()).as(title).isNotBlank();
			});
		});
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void panelsHaveDistinctIdsAndFitTheGridWithoutOverlapping(String name) {
		List<JsonNode> panels = panels(name);

		assertThat(panels).extracting((panel) -> panel.path("id").asInt()).doesNotHaveDuplicates();
		List<int[]> cells = new ArrayList<>();
		for (JsonNode panel : panels) {
			JsonNode grid = panel.path("gridPos");
			int x = grid.path("x").asInt();
			int y = grid.path("y").asInt();
			int w = grid.path("w").asInt();
			int h = grid.path("h").asInt();
			assertThat(w).as(panel.path("title").asText()).isPositive();
			assertThat(h).as(panel.path("title").asText()).isPositive();
			assertThat(x + w).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
			for (int column = x; column < x + w; column++) {
				for (int row = y; row < y + h; row++) {
					int[] cell = { column, row };
					assertThat(cells).as("%s overlaps another panel", panel.path("title").asText())
						.noneMatch((taken) -> taken[0] == cell[0] && taken[1] == cell[1]);
					cells.add(cell);
				}
			}
		}
	}

	@ParameterizedTest
	@MethodSource("dashboards")
	void everySeriesSelectorNamesTheJobOfItsDashboard(String name) {
		String job = name.equals("pulsegate-ingress") ? "job=\"ingress\"" : "job=\"consumer\"";

		assertThat(panels(name)).allSatisfy((panel) -> panel.path("targets").forEach((target) -> {
			Matcher selector = SELECTOR.matcher(target.path("expr").asText());
			int selectors = 0;
			while (selector.find()) {
				selectors++;
				assertThat(selector.group(1)).as(panel.path("title").asText()).contains(job);
			}
			assertThat(selectors).as(panel.path("title").asText()).isPositive();
		}));
	}

	private static JsonNode dashboard(String name) {
		return MonitoringFiles.json(MonitoringFiles.path("grafana/dashboards/" + name + ".json"));
	}

	private static List<JsonNode> panels(String name) {
		List<JsonNode> panels = new ArrayList<>();
		dashboard(name).path("panels").forEach(panels::add);
		return panels;
	}

}
