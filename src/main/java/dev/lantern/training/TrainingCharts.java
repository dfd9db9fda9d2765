package dev.lantern.training;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of fastai's {@code Recorder} as PNG images, drawn with JFreeChart (headless):
 * {@code plot_lr_find} (smoothed loss against a log-scale rate, the suggestions marked),
 * {@code plot_loss} (training loss per step, validation loss per epoch) and
 * {@code plot_metrics} (each metric per epoch).
 */
public final class TrainingCharts {

	/** fastai's {@code plot_lr_find(skip_end=5)}: the last 5 steps are not drawn. */
	static final int SKIP_END = 5;

	private static final int WIDTH = 800;

	private static final int HEIGHT = 500;

	private static final Color[] MARKS = { new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728) };

	private TrainingCharts() {
	}

	/** The learning-rate finder's plot. */
	public static byte[] lrFinder(LrFinderResult result, String title) {
		int n = result.steps();
		int shown = (n > SKIP_END * 2) ? n - SKIP_END : n;
		XYSeries losses = new XYSeries("smoothed loss", false, true);
		for (int i = 0; i < shown; i++) {
			if (Double.isFinite(result.smoothed()[i])) {
				losses.add(result.lrs()[i], result.smoothed()[i]);
			}
		}
		XYSeriesCollection data = new XYSeriesCollection(losses);
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
		renderer.setSeriesPaint(0, new Color(0x1F77B4));
		renderer.setSeriesStroke(0, new BasicStroke(2f));
		int series = 1;
		for (Map.Entry<String, LrSuggestions.Suggestion> entry : result.suggestions().entrySet()) {
			LrSuggestions.Suggestion suggestion = entry.getValue();
			XYSeries mark = new XYSeries(String.format(Locale.ROOT, "%s: %.2e", entry.getKey(), suggestion.lr()));
			mark.add(suggestion.markLr(), suggestion.markLoss());
			data.addSeries(mark);
			renderer.setSeriesLinesVisible(series, false);
			renderer.setSeriesShapesVisible(series, true);
			renderer.setSeriesShape(series, new Ellipse2D.Double(-6, -6, 12, 12));
			renderer.setSeriesPaint(series, MARKS[(series - 1) % MARKS.length]);
			series++;
		}
		LogAxis rate = new LogAxis("Learning Rate");
		rate.setBase(10);
		rate.setSmallestValue(1e-12);
		rate.setNumberFormatOverride(new java.text.DecimalFormat("0.0E0"));
		NumberAxis loss = new NumberAxis("Loss");
		loss.setAutoRangeIncludesZero(false);
		XYPlot plot = new XYPlot(data, rate, loss, renderer);
		if (losses.getItemCount() == 0) {
			rate.setRange(result.settings().startLr(), result.settings().endLr());
		}
		JFreeChart chart = chart(title, plot);
		if (result.note() != null) {
			chart.addSubtitle(note(result.note()));
		}
		return png(chart);
	}

	/**
	 * fastai's {@code plot_loss}: the smoothed training loss of every step and the
	 * validation loss at the end of every epoch.
	 * @param curves {@link TrainingRecorder#curves()}
	 */
	@SuppressWarnings("unchecked")
	public static byte[] losses(Map<String, Object> curves, String title) {
		Map<String, Object> batches = (Map<String, Object>) curves.get("batches");
		List<Double> steps = (List<Double>) batches.get("steps");
		List<Double> smoothed = (List<Double>) batches.get("smoothedLosses");
		XYSeries train = new XYSeries("train (smoothed)", false, true);
		for (int i = 0; i < steps.size(); i++) {
			if (smoothed.get(i) != null) {
				train.add(steps.get(i), smoothed.get(i));
			}
		}
		XYSeries valid = new XYSeries("valid", false, true);
		for (Map<String, Object> epoch : (List<Map<String, Object>>) curves.get("epochs")) {
			if (epoch.get("validLoss") != null) {
				valid.add(((Number) epoch.get("step")).doubleValue(), (Double) epoch.get("validLoss"));
			}
		}
		XYSeriesCollection data = new XYSeriesCollection(train);
		data.addSeries(valid);
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
		renderer.setSeriesShapesVisible(1, true);
		NumberAxis loss = new NumberAxis("Loss");
		loss.setAutoRangeIncludesZero(false);
		return png(chart(title, new XYPlot(data, new NumberAxis("Step"), loss, renderer)));
	}

	/**
	 * fastai's {@code plot_metrics}: one panel per metric over the epochs, or null when
	 * the training recorded no metric.
	 * @param curves {@link TrainingRecorder#curves()}
	 */
	@SuppressWarnings("unchecked")
	public static byte[] metrics(Map<String, Object> curves, String title) {
		Map<String, XYSeries> byName = new LinkedHashMap<>();
		for (Map<String, Object> epoch : (List<Map<String, Object>>) curves.get("epochs")) {
			Map<String, Object> figures = (Map<String, Object>) epoch.get("metrics");
			int number = ((Number) epoch.get("epoch")).intValue();
			figures.forEach((name, value) -> {
				if (value != null) {
					byName.computeIfAbsent(name, (key) -> new XYSeries(key, false, true))
						.add(number, ((Number) value).doubleValue());
				}
			});
		}
		if (byName.isEmpty()) {
			return null;
		}
		NumberAxis epochs = new NumberAxis("Epoch");
		epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
		CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
		List<XYSeries> all = new ArrayList<>(byName.values());
		for (XYSeries series : all) {
			NumberAxis axis = new NumberAxis(series.getKey().toString());
			axis.setAutoRangeIncludesZero(false);
			XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
			plot.add(new XYPlot(new XYSeriesCollection(series), null, axis, renderer));
		}
		return png(chart(title, plot));
	}

	private static JFreeChart chart(String title, XYPlot plot) {
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
		chart.setBackgroundPaint(Color.WHITE);
		return chart;
	}

	private static TextTitle note(String text) {
		TextTitle title = new TextTitle(text, new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		title.setPaint(new Color(0xB00020));
		return title;
	}

	private static byte[] png(JFreeChart chart) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
