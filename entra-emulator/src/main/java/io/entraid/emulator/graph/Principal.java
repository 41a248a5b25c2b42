package io.entraid.emulator.graph;

import java.util.Set;

/** The caller as its validated access token describes it. */
public record Principal(
    String tenantId, String appId, String servicePrincipalId, Set<String> roles) {}
