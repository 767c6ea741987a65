package dev.kaka.support.dashboard;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@link DashboardProperties} in every service that links the dashboard. */
@AutoConfiguration
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardAutoConfiguration {}
