package dev.lantern.system.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the container's error dispatch (a request the firewall or Tomcat refused before
 * any controller saw it, such as {@code TRACE} or a {@code ..} segment) with a problem,
 * instead of Boot's {@code {timestamp,status,error,path}}.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	private static final Map<Integer, String> DETAILS = Map.of(400,
			"The request is malformed or its path holds a segment or character that is not allowed", 404,
			"There is no endpoint at this path", 405, "This method is not allowed here", 413,
			"The request is larger than allowed", 414, "The request's URL is longer than allowed", 431,
			"The request's headers are larger than allowed");

	@RequestMapping(path = "${server.error.path:/error}", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = (code instanceof Integer number && number >= 400) ? number : 500;
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (failure instanceof RequestRejectedException) {
			status = HttpStatus.BAD_REQUEST.value();
		}
		String detail = DETAILS.getOrDefault(status,
				(status >= 500) ? "An unexpected error occurred" : "The request cannot be served");
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemTypes.problem(status, detail));
	}

}
