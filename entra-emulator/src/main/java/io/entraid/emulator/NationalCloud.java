package io.entraid.emulator;

import java.util.Set;

/**
 * The Microsoft clouds and their Graph URLs (graph/deployments.md "Microsoft Graph and Graph
 * Explorer service root endpoints").
 */
public enum NationalCloud {
  GLOBAL("https://graph.microsoft.com"),
  US_GOV("https://graph.microsoft.us", "https://dod-graph.microsoft.us"),
  CHINA("https://microsoftgraph.chinacloudapi.cn");

  private final Set<String> graphUrls;

  NationalCloud(String... graphUrls) {
    this.graphUrls = Set.of(graphUrls);
  }

  /** Lower-case Graph URLs this cloud's token service issues tokens for. */
  public Set<String> graphUrls() {
    return graphUrls;
  }
}
