package io.pulsegate.benchmark.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Latency percentiles against the offered rate, one line per path and percentile.
 */
final class LatencyPlot {

	private static final List<String> PATHS = List.of("raw-client", "pulsar-rest", "send");

	private LatencyPlot() {
	}

	static void write(BenchmarkReport report, Path png) throws IOException {
		XYChart chart = new XYChartBuilder().width(900)
			.height(560)
			.title("Latency against offered rate (open loop, 1 KB events)")
			.xAxisTitle("offered rate (events/s)")
			.yAxisTitle("latency (ms, log scale)")
			.build();
		chart.getStyler().setYAxisLogarithmic(true);
		chart.getStyler().setLegendPosition(LegendPosition.InsideNW);
		chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
		for (String path : PATHS) {
			List<Measurement> runs = report.measurements()
				.stream()
				.filter((measurement) -> measurement.phase().startsWith("rate ") && measurement.path().equals(path))
				.toList();
			if (runs.isEmpty()) {
				continue;
			}
			double[] rates = runs.stream().mapToDouble(Measurement::offeredRate).toArray();
			chart.addSeries(path + " p50", rates, runs.stream().mapToDouble((run) -> run.latency().p50()).toArray())
				.setMarker(SeriesMarkers.CIRCLE);
			chart.addSeries(path + " p99", rates, runs.stream().mapToDouble((run) -> run.latency().p99()).toArray())
				.setMarker(SeriesMarkers.DIAMOND);
		}
		// XChart adds the extension itself.
		String name = png.toString();
		BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - ".png".length()), BitmapFormat.PNG);
	}

}
