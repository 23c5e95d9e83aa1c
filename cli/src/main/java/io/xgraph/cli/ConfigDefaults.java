package io.xgraph.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default option values from a properties file ({@code --config FILE}). A key is one of an option's
 * long names without dashes, optionally prefixed by the command path with dots: {@code threads = 4}
 * applies to every command that has {@code --threads}, {@code part.eval.shots = 5} only to {@code
 * xgraph part eval}; the command-path form wins over the bare one, and flags given on the command
 * line win over both. A key that names no option of any command is an error.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

  private final Map<String, String> values;

  private ConfigDefaults(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code file} and checks every key against the options of {@code root}'s command tree.
   *
   * @throws IllegalArgumentException naming the file and the unknown key, or the unreadable file
   */
  static ConfigDefaults load(Path file, CommandLine root) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Config file `" + file + "` does not exist: give the path of a properties file");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Config file `" + file + "` is not a readable properties file: " + e.getMessage(), e);
    }
    Set<String> qualified = new TreeSet<>();
    Set<String> bare = new TreeSet<>();
    collect(root, qualified, bare);
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      if (!qualified.contains(key) && !bare.contains(key)) {
        throw new IllegalArgumentException(
            "Unknown key `"
                + key
                + "` in config file `"
                + file
                + "`: a key is an option name, bare (threads) or after its command path"
                + " (part.eval.shots); see `xgraph <command> --help` for the options");
      }
      values.put(key, p.getProperty(key).trim());
    }
    return new ConfigDefaults(values);
  }

  private static void collect(CommandLine cmd, Set<String> qualified, Set<String> bare) {
    String path = path(cmd.getCommandSpec());
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      for (String name : names(o)) {
        bare.add(name);
        if (!path.isEmpty()) {
          qualified.add(path + "." + name);
        }
      }
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      collect(sub, qualified, bare);
    }
  }

  /** The command path without the root: "part.eval" for {@code xgraph part eval}. */
  static String path(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (CommandSpec s = spec; s.parent() != null; s = s.parent()) {
      names.add(0, s.name());
    }
    return String.join(".", names);
  }

  /**
   * Every long name of the option without dashes, its first name first: {@code dataset} and {@code
   * images} both reach ingest's {@code --dataset}, so one {@code dataset = DIR} serves every
   * command and an older {@code ingest.images} key still works.
   */
  private static List<String> names(OptionSpec o) {
    List<String> out = new ArrayList<>();
    for (String n : o.names()) {
      if (n.startsWith("--")) {
        out.add(n.substring(2));
      }
    }
    if (out.isEmpty()) {
      out.add(o.longestName().replaceFirst("^-+", ""));
    }
    return out;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o) || arg.command() == null) {
      return null;
    }
    String path = path(arg.command());
    List<String> names = names(o);
    if (!path.isEmpty()) {
      for (String name : names) {
        String v = values.get(path + "." + name);
        if (v != null) {
          return v;
        }
      }
    }
    for (String name : names) {
      String v = values.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The value of {@code --config FILE} or {@code --config=FILE} among {@code args}, or null. */
  static Path configArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
      if (args[i].equals("--")) {
        break;
      }
    }
    return null;
  }
}
