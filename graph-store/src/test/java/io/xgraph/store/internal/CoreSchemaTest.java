package io.xgraph.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xgraph.store.internal.CoreSchema.Definition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core-API schema of a bulk import reads every CREATE statement of {@link Schema}. */
class CoreSchemaTest {

  @Test
  void everyCreateStatementBecomesOneDefinition() {
    List<String> creates = Schema.STATEMENTS.stream().filter(s -> s.startsWith("CREATE ")).toList();
    List<Definition> defs = CoreSchema.definitions();
    assertEquals(creates.size(), defs.size());
    for (int i = 0; i < defs.size(); i++) {
      Definition d = defs.get(i);
      String statement = creates.get(i);
      assertTrue(statement.contains(" " + d.name() + " "), statement);
      assertTrue(statement.contains("(n:" + d.label() + ")"), statement);
      assertEquals(statement.startsWith("CREATE CONSTRAINT"), d.unique(), statement);
      for (String p : d.properties()) {
        assertTrue(statement.contains("n." + p), statement);
      }
    }
  }

  @Test
  void imageKeyIsCompositeAndUnique() {
    Definition image =
        CoreSchema.definitions().stream()
            .filter(d -> d.name().equals("xg_image_key"))
            .findFirst()
            .orElseThrow();
    assertTrue(image.unique());
    assertEquals("Image", image.label());
    assertEquals(List.of("dataset", "id"), image.properties());
  }
}
