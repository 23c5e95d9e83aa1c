package io.xgraph.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The cli's one progress-bar style, for steps that report "done of total". */
final class Bars {

  private Bars() {}

  /** An ASCII bar on stderr named {@code task} with {@code total} steps. */
  static ProgressBar open(String task, long total) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(Math.max(1, total))
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .build();
  }

  /** Evaluation progress drawn as one bar per task; close it when the evaluation is done. */
  static final class EvaluationBars implements io.xgraph.evaluation.Progress, AutoCloseable {
    private ProgressBar bar;
    private String task;

    @Override
    public void step(String task, long done, long total) {
      if (!task.equals(this.task)) {
        close();
        this.task = task;
        bar = open(task, total);
      }
      bar.maxHint(Math.max(1, total));
      bar.stepTo(done);
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }

  /** A store-write listener that shows one bar per write phase. */
  static final class WriteBar implements io.xgraph.store.WriteListener, AutoCloseable {
    private final EvaluationBars bars = new EvaluationBars();

    @Override
    public void committed(String phase, long done, long total) {
      bars.step("store " + phase, done, total);
    }

    @Override
    public void close() {
      bars.close();
    }
  }
}
