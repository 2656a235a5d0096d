package dev.graphupload.benchmarks;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Draws a profile's collapsed stacks ({@code frame;frame;… count}, as async-profiler writes them
 * with {@code collapsed}) as a flame graph in a PNG, and prints where the samples went by kind as a
 * Markdown table row: JIT compilation, class loading, the kernel's sendfile, the Netty pipeline,
 * and so on. A sample counts for the first kind whose pattern its stack matches, in the order
 * below.
 *
 * <pre>java -cp … dev.graphupload.benchmarks.FlameGraph STACKS.collapsed OUT.png "TITLE" LABEL
 * </pre>
 */
public final class FlameGraph {

  /** Kinds of work, first match wins: the compiler and loader before what they compile or load. */
  static final Map<String, Pattern> KINDS = new LinkedHashMap<>();

  static {
    kind("JIT compiler", "CompileBroker::|C[12] CompilerThre");
    kind("GC and safepoints", "GC Thread|VM Thread|VMThread::|CollectedHeap|SerialHeap|G1");
    kind(
        "class loading and linking",
        "SystemDictionary::|ClassFileParser|ClassLoader::|Rewriter::|InstanceKlass::link"
            + "|[./]defineClass|[./]loadClass|LinkResolver::|MethodHandles::|Verifier");
    kind("sendfile (kernel)", "do_sendfile|sendfile");
    kind("socket writes", "sock_sendmsg|tcp_sendmsg|writev|[./]write0|SocketDispatcher");
    kind("file reads", "pread|filemap_read|FileDispatcherImpl");
    kind("event-loop waits and wake-ups", "epoll_wait|epoll_pwait|eventfd|futex|Selector");
    kind("the idle watch", "IdleWatch");
    kind("progress events", "Progress|UploadListener");
    kind("Netty pipeline", "io[./]netty");
    kind("JDK HTTP client", "jdk[./]internal[./]net[./]http");
    kind("picocli (the command's options)", "picocli[./]");
    kind("Jackson", "com[./]fasterxml");
    kind("the command's and the library's own code", "dev[./]graphupload");
    kind("interpreter and the rest of the JVM", ".");
  }

  private static void kind(String name, String regex) {
    KINDS.put(name, Pattern.compile(regex));
  }

  private static final int WIDTH = 1400;
  private static final int ROW = 17;
  private static final int MAX_DEPTH = 60;

  private FlameGraph() {}

  /** A frame and what was sampled under it. */
  static final class Node {
    final String name;
    long samples;
    final Map<String, Node> children = new TreeMap<>();

    Node(String name) {
      this.name = name;
    }

    Node child(String frame) {
      return children.computeIfAbsent(frame, Node::new);
    }
  }

  /** A frame to draw, where it goes. */
  private record Placed(Node node, double x, int level) {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    Node root = new Node("all");
    Map<String, Long> byKind = new LinkedHashMap<>();
    KINDS.keySet().forEach(k -> byKind.put(k, 0L));
    for (String line : lines) {
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      String stack = line.substring(0, space);
      long count = Long.parseLong(line.substring(space + 1).trim());
      root.samples += count;
      Node node = root;
      for (String frame : stack.split(";")) {
        node = node.child(frame);
        node.samples += count;
      }
      for (Map.Entry<String, Pattern> k : KINDS.entrySet()) {
        if (k.getValue().matcher(stack).find()) {
          byKind.merge(k.getKey(), count, Long::sum);
          break;
        }
      }
    }
    draw(root, Path.of(args[1]), args[2]);
    printRow(args.length > 3 ? args[3] : args[2], root.samples, byKind);
  }

  /** A header and one row: the label, the samples, and each kind's share. */
  private static void printRow(String label, long total, Map<String, Long> byKind) {
    StringBuilder head = new StringBuilder("| profile | samples |");
    StringBuilder rule = new StringBuilder("|---|---|");
    StringBuilder row = new StringBuilder("| " + label + " | " + total + " |");
    for (Map.Entry<String, Long> k : byKind.entrySet()) {
      head.append(' ').append(k.getKey()).append(" |");
      rule.append("---|");
      row.append(String.format(" %.1f %% |", total == 0 ? 0.0 : 100.0 * k.getValue() / total));
    }
    System.out.println(head);
    System.out.println(rule);
    System.out.println(row);
  }

  private static void draw(Node root, Path png, String title) throws Exception {
    int depth = Math.min(depthOf(root), MAX_DEPTH);
    int height = (depth + 3) * ROW;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.setColor(Color.BLACK);
    g.drawString(title + " (" + root.samples + " samples; width is time on CPU)", 6, ROW - 3);
    g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
    List<Placed> todo = new ArrayList<>();
    todo.add(new Placed(root, 0.0, 0));
    double perSample = (double) WIDTH / Math.max(1, root.samples);
    while (!todo.isEmpty()) {
      Placed item = todo.remove(todo.size() - 1);
      Node node = item.node();
      double x = item.x();
      int level = item.level();
      double w = node.samples * perSample;
      if (w < 0.5 || level >= MAX_DEPTH) {
        continue;
      }
      int y = height - (level + 1) * ROW;
      g.setColor(colorOf(node.name));
      g.fillRect((int) x, y, Math.max(1, (int) w - 1), ROW - 1);
      label(g, node.name, (int) x, y, (int) w);
      double childX = x;
      for (Node child : node.children.values()) {
        todo.add(new Placed(child, childX, level + 1));
        childX += child.samples * perSample;
      }
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void label(Graphics2D g, String name, int x, int y, int w) {
    FontMetrics fm = g.getFontMetrics();
    String text = name.replaceAll("_\\[[a-z0-9]\\]$", "");
    if (w < fm.charWidth('m') * 3) {
      return;
    }
    while (!text.isEmpty() && fm.stringWidth(text) > w - 4) {
      text = text.substring(0, Math.max(0, text.length() - 3));
      if (fm.stringWidth(text + "..") <= w - 4) {
        text = text + "..";
        break;
      }
    }
    g.setColor(Color.BLACK);
    g.drawString(text, x + 2, y + ROW - 5);
  }

  /** Kernel frames orange, Java frames green, the JVM's own (C++) yellow, threads grey. */
  private static Color colorOf(String frame) {
    int shade = Math.abs(frame.hashCode() % 40);
    if (frame.endsWith("_[k]")) {
      return new Color(235, 140 + shade, 60);
    }
    if (frame.startsWith("[")) {
      return new Color(200 + shade / 2, 200 + shade / 2, 200 + shade / 2);
    }
    if (frame.endsWith("_[j]")
        || frame.endsWith("_[i]")
        || frame.endsWith("_[1]")
        || frame.endsWith("_[0]")
        || frame.contains("/")
        || frame.matches("[a-z][\\w$]*\\.[\\w.$]+")) {
      return new Color(80 + shade, 190 + shade / 2, 80);
    }
    return new Color(225, 200 + shade / 2, 70);
  }

  private static int depthOf(Node node) {
    int max = 0;
    for (Node child : node.children.values()) {
      max = Math.max(max, depthOf(child));
    }
    return max + 1;
  }
}
