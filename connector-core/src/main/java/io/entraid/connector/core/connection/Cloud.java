package io.entraid.connector.core.connection;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Microsoft's national clouds: each has its own sign-in host and Graph endpoint. */
public enum Cloud {
  GLOBAL("Global", "https://login.microsoftonline.com", "https://graph.microsoft.com"),
  US_GOV("USGov", "https://login.microsoftonline.us", "https://graph.microsoft.us"),
  US_GOV_DOD("USGovDoD", "https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
  CHINA(
      "China",
      "https://login.partner.microsoftonline.cn",
      "https://microsoftgraph.chinacloudapi.cn");

  private final String parameterValue;
  private final URI authorityHost;
  private final URI graphEndpoint;

  Cloud(String parameterValue, String authorityHost, String graphEndpoint) {
    this.parameterValue = parameterValue;
    this.authorityHost = URI.create(authorityHost);
    this.graphEndpoint = URI.create(graphEndpoint);
  }

  /** The value of the connection parameter {@code Cloud} that selects this cloud. */
  public String parameterValue() {
    return parameterValue;
  }

  public URI authorityHost() {
    return authorityHost;
  }

  public URI graphEndpoint() {
    return graphEndpoint;
  }

  public static Optional<Cloud> fromParameter(String value) {
    return Arrays.stream(values())
        .filter(c -> c.parameterValue.equalsIgnoreCase(value))
        .findFirst();
  }

  public static String choices() {
    return Arrays.stream(values()).map(Cloud::parameterValue).collect(Collectors.joining(", "));
  }
}
