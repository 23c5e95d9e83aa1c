/** Tests of the notebook support and the headless execution of every notebook. */
package io.xgraph.notebooks;
