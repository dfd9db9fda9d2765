package dev.lantern.system.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} against {@link ApiKeys}. A request
 * without the header stays anonymous (the authorization rules decide whether that is
 * enough); a request with a wrong key is refused at once, whatever the endpoint.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final ApiKeys keys;

	private final AuthenticationEntryPoint entryPoint;

	ApiKeyFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint) {
		this.keys = keys;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| !this.keys.accepts(header.substring(BEARER.length()).strip())) {
			SecurityContextHolder.clearContext();
			this.entryPoint.commence(request, response,
					new BadCredentialsException("The API key in the Authorization header is not valid"));
			return;
		}
		var authentication = new PreAuthenticatedAuthenticationToken("api-key", null,
				List.of(new SimpleGrantedAuthority("ROLE_API")));
		SecurityContextHolder.setContext(new SecurityContextImpl(authentication));
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
