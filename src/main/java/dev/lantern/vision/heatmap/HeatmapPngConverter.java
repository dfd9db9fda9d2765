package dev.lantern.vision.heatmap;

import java.io.IOException;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;

/**
 * Writes an {@link ExplainedHeatmap} as its PNG overlay. With Jackson writing it as JSON
 * ({@link ExplainedHeatmap#grid()}), Spring MVC negotiates the answer from the request's
 * {@code Accept} header and the handler's {@code produces}: the first of
 * {@code image/png, application/json} the client accepts most, the PNG when it has no
 * preference, 406 when it accepts neither.
 */
@Component
class HeatmapPngConverter extends AbstractHttpMessageConverter<ExplainedHeatmap> {

	HeatmapPngConverter() {
		super(MediaType.IMAGE_PNG);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return ExplainedHeatmap.class.equals(type);
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected ExplainedHeatmap readInternal(Class<? extends ExplainedHeatmap> type, HttpInputMessage input) {
		throw new HttpMessageNotReadableException("A heatmap is not read from a request", input);
	}

	@Override
	protected void writeInternal(ExplainedHeatmap heatmap, HttpOutputMessage output) throws IOException {
		output.getBody().write(heatmap.png());
	}

}
