package io.entraid.connector.camunda.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;

/**
 * Camunda's REST authentication filter (configured with its {@code authentication-provider}, e.g.
 * HTTP Basic), which on the connections API ({@code /engine-rest/entraid/...}) also admits the
 * Camunda webapps' session, so the Admin page can call it as the signed-in user: a request without
 * an Authorization header whose session holds a webapp login for the engine runs as that user, and
 * a state-changing one (anything but GET, HEAD, OPTIONS) must carry the session's CSRF token in
 * {@code X-XSRF-TOKEN}, as the webapps' own API requires. Everything else is left to Camunda's
 * filter. Register it in place of {@link ProcessEngineAuthenticationFilter}.
 */
public class EntraIdRestAuthenticationFilter extends ProcessEngineAuthenticationFilter {
  private static final Pattern CONNECTIONS_API = Pattern.compile("^/[^/]+/entraid/.*");
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    HttpSession session = http.getSession(false);
    String path = http.getRequestURI().substring(http.getContextPath().length());
    if (session == null
        || http.getHeader("Authorization") != null
        || !CONNECTIONS_API.matcher(path).matches()) {
      super.doFilter(request, response, chain);
      return;
    }
    ProcessEngine engine = getAddressedEngine(DEFAULT_ENGINE_NAME);
    Authentications logins = AuthenticationUtil.getAuthsFromSession(session);
    Authentication login =
        engine == null || logins == null
            ? null
            : logins.getAuthenticationForProcessEngine(engine.getName());
    if (!(login instanceof UserAuthentication user)) {
      super.doFilter(request, response, chain);
      return;
    }
    if (!SAFE_METHODS.contains(http.getMethod())
        && !sameToken(
            http.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME),
            session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME))) {
      HttpServletResponse out = (HttpServletResponse) response;
      out.setStatus(403);
      out.setContentType("application/json");
      out.setHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME, CsrfConstants.CSRF_TOKEN_HEADER_REQUIRED);
      out.getOutputStream()
          .write(
              ("{\"type\":\"Forbidden\",\"message\":\"CSRF token missing or wrong. Fix: send the"
                      + " XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header, as the Camunda"
                      + " webapps do.\"}")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    setAuthenticatedUser(engine, user.getIdentityId(), user.getGroupIds(), user.getTenantIds());
    try {
      chain.doFilter(request, response);
    } finally {
      clearAuthentication(engine);
    }
  }

  private static boolean sameToken(String given, Object expected) {
    return given != null
        && expected instanceof String token
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }
}
