package dev.lantern.system.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies that are not multipart (raw images, CSV, JSON) by
 * {@code lantern.limits.max-request-size}, as the multipart settings bound uploads: a
 * declared length over the limit is refused at once with 413, and a body that grows past
 * it while being read fails the request with 413 instead of filling memory.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final LimitsProperties limits;

	RequestSizeLimitFilter(LimitsProperties limits) {
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String type = request.getContentType();
		if (type != null && type.toLowerCase().startsWith(MediaType.MULTIPART_FORM_DATA_VALUE)) {
			chain.doFilter(request, response);
			return;
		}
		long max = this.limits.maxRequestSize().toBytes();
		if (request.getContentLengthLong() > max) {
			response.setStatus(413);
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.getWriter().write(BodyTooLargeException.problemJson(max));
			return;
		}
		chain.doFilter(new Bounded(request, max), response);
	}

	/** A request whose body stream fails once more than {@code max} bytes were read. */
	private static final class Bounded extends HttpServletRequestWrapper {

		private final long max;

		private ServletInputStream stream;

		Bounded(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				ServletInputStream in = super.getInputStream();
				this.stream = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int value = in.read();
						if (value >= 0) {
							count(1);
						}
						return value;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = in.read(buffer, offset, length);
						if (n > 0) {
							count(n);
						}
						return n;
					}

					private void count(int n) throws BodyTooLargeException {
						this.read += n;
						if (this.read > Bounded.this.max) {
							throw new BodyTooLargeException(Bounded.this.max);
						}
					}

					@Override
					public boolean isFinished() {
						return in.isFinished();
					}

					@Override
					public boolean isReady() {
						return in.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						in.setReadListener(listener);
					}
				};
			}
			return this.stream;
		}

	}

}
