package dev.lantern.models.v2;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Makes errors of the {@code /v2} endpoints readable by Open Inference Protocol clients
 * too: the RFC 9457 problem body gets the protocol's {@code error} member, holding the
 * problem's detail. The status and the other members stay as for every Lantern error.
 */
@RestControllerAdvice
class OpenInferenceErrors implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body instanceof ProblemDetail problem && request.getURI().getPath().startsWith("/v2/")) {
			problem.setProperty("error", (problem.getDetail() != null) ? problem.getDetail() : problem.getTitle());
		}
		return body;
	}

}
