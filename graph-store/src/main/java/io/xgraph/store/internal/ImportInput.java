package io.xgraph.store.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.neo4j.batchimport.api.InputIterable;
import org.neo4j.batchimport.api.InputIterator;
import org.neo4j.batchimport.api.input.InputChunk;
import org.neo4j.batchimport.api.input.InputEntityVisitor;

/**
 * Entities for Neo4j's batch importer, handed out in chunks: each chunk is made when a worker asks
 * for it (so the input is never held twice in memory), its entities are visited one per call.
 */
final class ImportInput implements InputIterable {

  /** One entity: sets its id or endpoints, labels or type, and properties on the visitor. */
  @FunctionalInterface
  interface Entity extends Consumer<InputEntityVisitor> {}

  private final List<java.util.function.Supplier<List<Entity>>> chunks;

  /**
   * @param chunks makers of the chunks, each called once, in order
   */
  ImportInput(List<java.util.function.Supplier<List<Entity>>> chunks) {
    this.chunks = List.copyOf(chunks);
  }

  @Override
  public InputIterator iterator() {
    return new InputIterator() {
      private int next;

      @Override
      public InputChunk newChunk() {
        return new Chunk();
      }

      // Workers of the importer pull chunks concurrently.
      @Override
      public synchronized boolean next(InputChunk chunk) {
        if (next >= chunks.size()) {
          return false;
        }
        ((Chunk) chunk).fill(chunks.get(next++).get());
        return true;
      }

      @Override
      public void close() {}
    };
  }

  private static final class Chunk implements InputChunk {
    private List<Entity> entities = new ArrayList<>();
    private int position;

    void fill(List<Entity> entities) {
      this.entities = entities;
      this.position = 0;
    }

    @Override
    public boolean next(InputEntityVisitor visitor) throws java.io.IOException {
      if (position >= entities.size()) {
        return false;
      }
      entities.get(position++).accept(visitor);
      visitor.endOfEntity();
      return true;
    }

    @Override
    public void close() {}
  }
}
