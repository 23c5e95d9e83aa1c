/**
 * Support for the Jupyter notebooks in {@code notebooks/}: the reduced bird data they read ({@link
 * io.xgraph.notebooks.NotebookData}) and the pictures they show ({@link
 * io.xgraph.notebooks.Pictures}). The module's jar lists every runtime jar in its manifest, so a
 * notebook loads the whole project with one {@code %jar target/xgraph-notebooks.jar}.
 */
package io.xgraph.notebooks;
