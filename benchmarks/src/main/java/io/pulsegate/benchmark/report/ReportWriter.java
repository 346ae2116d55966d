package io.pulsegate.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a run's report: {@code report.json}, {@code report.md} and the latency plot.
 */
public final class ReportWriter {

	private static final String PLOT = "latency-vs-rate.png";

	private ReportWriter() {
	}

	/**
	 * Writes the report, its targets and comparisons read off its measurements.
	 * @param report the measurements
	 * @param folder where to write
	 * @return the report with its targets and comparisons
	 * @throws IOException if a file cannot be written
	 */
	public static BenchmarkReport write(BenchmarkReport report, Path folder) throws IOException {
		Scorecard scorecard = new Scorecard(report);
		BenchmarkReport scored = new BenchmarkReport(report.startedAt(), report.minutes(), report.environment(),
				report.setup(), scorecard.results(), scorecard.comparisons(), report.measurements(), report.warmUp(),
				report.soak(), report.overload());
		Files.createDirectories(folder);
		new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
			.writeValue(folder.resolve("report.json").toFile(), scored);
		LatencyPlot.write(scored, folder.resolve(PLOT));
		Files.writeString(folder.resolve("report.md"), MarkdownReport.render(scored, PLOT));
		return scored;
	}

}
