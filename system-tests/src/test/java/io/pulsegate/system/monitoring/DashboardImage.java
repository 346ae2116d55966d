package io.pulsegate.system.monitoring;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import io.pulsegate.system.monitoring.MonitoringConfiguration.Dashboard;
import io.pulsegate.system.monitoring.MonitoringConfiguration.Panel;
import io.pulsegate.system.monitoring.PrometheusServer.Series;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * Draws a dashboard's panels from the series Prometheus returned for them, laid out on
 * the dashboard's grid as Grafana would, into one PNG. It stands in for Grafana, which
 * cannot run here; what it shows is the panels' own queries over real data.
 */
final class DashboardImage {

	private static final int WIDTH = 1600;

	private static final int COLUMN = WIDTH / 24;

	private static final int ROW = 40;

	private static final int HEADER = 56;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private DashboardImage() {
	}

	/**
	 * Draws a dashboard.
	 * @param dashboard the dashboard
	 * @param data each panel's series, with the legend each should show
	 * @param from the start of the time range shown
	 * @param to its end
	 * @param file the PNG to write
	 * @throws IOException if it cannot be written
	 */
	static void write(Dashboard dashboard, Map<Panel, List<Legended>> data, Instant from, Instant to, Path file)
			throws IOException {
		int height = HEADER
				+ dashboard.panels().stream().mapToInt((panel) -> (panel.y() + panel.height()) * ROW).max().orElse(0);
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, WIDTH, height);
			graphics.setColor(Color.DARK_GRAY);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
			graphics.drawString(dashboard.title(), 16, 30);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			graphics.drawString("Panel queries of monitoring/grafana/dashboards/" + dashboard.uid()
					+ ".json, evaluated by a real Prometheus during the system test, " + TIME.format(from) + " to "
					+ TIME.format(to), 16, 48);
			for (Panel panel : dashboard.panels()) {
				int width = panel.width() * COLUMN - 8;
				int panelHeight = panel.height() * ROW - 8;
				BufferedImage drawn = draw(panel, data.getOrDefault(panel, List.of()), width, panelHeight);
				graphics.drawImage(drawn, panel.x() * COLUMN + 4, HEADER + panel.y() * ROW + 4, null);
			}
		}
		finally {
			graphics.dispose();
		}
		Files.createDirectories(file.getParent());
		ImageIO.write(image, "png", file.toFile());
	}

	private static BufferedImage draw(Panel panel, List<Legended> series, int width, int height) {
		Unit unit = Unit.of(panel.unit());
		XYChart chart = new XYChartBuilder().width(width)
			.height(height)
			.title(panel.title())
			.yAxisTitle(unit.label())
			.build();
		Styler styler = chart.getStyler();
		styler.setLegendPosition(Styler.LegendPosition.OutsideS);
		styler.setLegendLayout(Styler.LegendLayout.Horizontal);
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setMarkerSize(0);
		chart.getStyler().setDatePattern("HH:mm:ss");
		chart.getStyler().setYAxisMin(0.0);
		chart.getStyler().setXAxisTitleVisible(false);
		Set<String> names = new HashSet<>();
		for (Legended legended : series) {
			List<Date> times = new ArrayList<>();
			List<Double> values = new ArrayList<>();
			for (Series.Sample sample : legended.series().samples()) {
				// Grafana leaves a gap for NaN, such as a quantile of no requests.
				if (Double.isFinite(sample.value())) {
					times.add(Date.from(sample.time()));
					values.add(unit.scale(sample.value()));
				}
			}
			if (!times.isEmpty()) {
				String name = legended.legend();
				for (int i = 2; !names.add(name); i++) {
					name = legended.legend() + " (" + i + ")";
				}
				XYSeries line = chart.addSeries(name, times, values);
				line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
			}
		}
		return names.isEmpty() ? noData(panel.title(), width, height) : BitmapEncoder.getBufferedImage(chart);
	}

	private static BufferedImage noData(String title, int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		try {
			graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			graphics.setColor(Color.WHITE);
			graphics.fillRect(0, 0, width, height);
			graphics.setColor(Color.LIGHT_GRAY);
			graphics.setStroke(new BasicStroke(1));
			graphics.drawRect(0, 0, width - 1, height - 1);
			graphics.setColor(Color.DARK_GRAY);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
			graphics.drawString(title, 12, 24);
			graphics.setColor(Color.GRAY);
			graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
			graphics.drawString("No data: nothing of this kind happened during the test", 12, height / 2);
		}
		finally {
			graphics.dispose();
		}
		return image;
	}

	/**
	 * A series and the legend its panel gives it.
	 *
	 * @param legend the legend
	 * @param series the series
	 */
	record Legended(String legend, Series series) {
	}

	// Grafana's units, scaled as its axes would show them.
	private record Unit(String label, double factor) {

		static Unit of(String grafanaUnit) {
			return switch (grafanaUnit) {
				case "s" -> new Unit("milliseconds", 1000);
				case "bytes" -> new Unit("MiB", 1.0 / (1024 * 1024));
				case "percentunit" -> new Unit("%", 100);
				case "reqps" -> new Unit("requests/s", 1);
				case "ops" -> new Unit("per second", 1);
				default -> new Unit("", 1);
			};
		}

		double scale(double value) {
			return value * this.factor;
		}

	}

}
