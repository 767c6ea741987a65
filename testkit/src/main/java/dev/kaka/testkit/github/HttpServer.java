package dev.kaka.testkit.github;

import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat on 127.0.0.1. It starts in two steps because the servlets need the URLs, and
 * so the port, before they can be built: {@link #bind} picks a free port, {@link #start} mounts the
 * servlets and serves.
 */
final class HttpServer implements AutoCloseable {

  private final Tomcat tomcat;
  private final Context context;
  private final int port;

  private HttpServer(Tomcat tomcat, Context context, int port) {
    this.tomcat = tomcat;
    this.context = context;
    this.port = port;
  }

  static HttpServer bind(Path workDirectory) {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(workDirectory.toAbsolutePath().toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    // An App's bot user is slug[bot]; GitHub takes the brackets unencoded in /users/slug[bot], and
    // Tomcat refuses them in a path unless told.
    connector.setProperty("relaxedPathChars", "[]");
    tomcat.setConnector(connector);
    StandardContext context = (StandardContext) tomcat.addContext("", null);
    // The fake loads no web application classes, so Tomcat's leak hunt on stop finds nothing and
    // only warns
    // that the JVM lacks the --add-opens it needs for the search.
    context.setClearReferencesThreadLocals(false);
    context.setClearReferencesRmiTargets(false);
    try {
      // Binds the socket, so the port the system chose is known from here on.
      tomcat.init();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Could not bind the fake GitHub's HTTP port", e);
    }
    return new HttpServer(tomcat, context, connector.getLocalPort());
  }

  int port() {
    return port;
  }

  void mount(String pathPrefix, Servlet servlet) {
    String name = "servlet" + pathPrefix.replace('/', '-');
    Tomcat.addServlet(context, name, servlet);
    context.addServletMappingDecoded(pathPrefix + "/*", name);
  }

  void guard(String pathPrefix, Filter filter) {
    FilterDef definition = new FilterDef();
    definition.setFilterName("filter" + pathPrefix.replace('/', '-'));
    definition.setFilter(filter);
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName(definition.getFilterName());
    mapping.addURLPattern(pathPrefix + "/*");
    context.addFilterMap(mapping);
  }

  void start() {
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Could not start the fake GitHub", e);
    }
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Could not stop the fake GitHub", e);
    }
  }
}
