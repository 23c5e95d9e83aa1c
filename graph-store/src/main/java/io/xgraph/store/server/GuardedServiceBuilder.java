package io.xgraph.store.server;

import java.nio.file.Path;
import java.util.function.Function;
import javax.servlet.Filter;
import org.neo4j.bolt.tx.TransactionManager;
import org.neo4j.collection.Dependencies;
import org.neo4j.configuration.Config;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilderImplementation;
import org.neo4j.graphdb.factory.module.GlobalModule;
import org.neo4j.graphdb.factory.module.edition.AbstractEditionModule;
import org.neo4j.graphdb.factory.module.edition.CommunityEditionModule;
import org.neo4j.kernel.impl.factory.DbmsInfo;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.logging.InternalLogProvider;
import org.neo4j.server.CommunityNeoWebServer;
import org.neo4j.server.web.WebServer;

/**
 * The embedded DBMS builder with one servlet filter in front of every HTTP path. Neo4j 5.26 has no
 * setting for Host or Origin checks and adds filters only while its web server is assembled, so
 * this builder hands the filter over at that moment, through the same community edition module and
 * web server the stock builder uses: the filter is in place before the port opens.
 */
final class GuardedServiceBuilder extends DatabaseManagementServiceBuilderImplementation {

  private final Filter guard;

  GuardedServiceBuilder(Path home, Filter guard) {
    super(home);
    this.guard = guard;
  }

  @Override
  protected Function<GlobalModule, AbstractEditionModule> getEditionFactory(Config config) {
    return global ->
        new CommunityEditionModule(global) {
          @Override
          public Lifecycle createWebServer(
              DatabaseManagementService managementService,
              TransactionManager transactionManager,
              Dependencies globalDependencies,
              Config config,
              InternalLogProvider userLogProvider,
              DbmsInfo dbmsInfo) {
            return new CommunityNeoWebServer(
                managementService,
                transactionManager,
                globalDependencies,
                config,
                userLogProvider,
                dbmsInfo,
                global.getMemoryPools(),
                global.getGlobalMonitors(),
                global.getGlobalClock()) {
              @Override
              protected WebServer createWebServer() {
                WebServer web = super.createWebServer();
                // Added first, so it runs before Neo4j's CORS and authorization filters.
                web.addFilter(guard, "/*");
                return web;
              }
            };
          }
        };
  }
}
