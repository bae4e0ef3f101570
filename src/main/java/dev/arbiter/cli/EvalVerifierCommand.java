package dev.arbiter.cli;

import dev.arbiter.bench.accuracy.AccuracyReport;
import dev.arbiter.bench.accuracy.EvalPlus;
import dev.arbiter.bench.accuracy.HumanEvalPack;
import dev.arbiter.bench.accuracy.LabelledCase;
import dev.arbiter.bench.accuracy.QuixBugs;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verifier;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Verifier over labelled datasets and prints its accuracy per dataset and language. */
@Command(mixinStandardHelpOptions = true, name = "eval-verifier", description = "Measure the Verifier on labelled data (../shared/datasets).")
public class EvalVerifierCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "../shared/datasets", description = "datasets folder (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--dataset", split = ",", defaultValue = "humanevalpack,evalplus,quixbugs",
            description = "datasets: humanevalpack, evalplus, quixbugs (default: ${DEFAULT-VALUE})")
    List<String> datasets;

    @Option(names = "--language", split = ",", description = "languages (default: all of the dataset's)")
    List<String> languages;

    @Option(names = "--limit", defaultValue = "0", description = "problems per language, 0 for all")
    int limit;

    @Option(names = "--concurrency", defaultValue = "4", description = "verifications at once")
    int concurrency;

    @Option(names = "--out", description = "also write the markdown report to this file")
    Path out;

    @Option(names = "--task", split = ",", description = "only these task ids (e.g. Mbpp/737,HumanEval/15)")
    List<String> tasks;

    @Option(names = "--cases", description = "also write one JSON line per case (label, verdict, signals) for fit-weights")
    Path casesOut;

    @Inject
    Verifier verifier;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public Integer call() throws Exception {
        List<String> wanted = languages == null ? List.copyOf(HumanEvalPack.FOLDERS.keySet()) : languages;
        AccuracyReport report = new AccuracyReport();
        List<LabelledCase> cases = new ArrayList<>();
        if (datasets.contains(HumanEvalPack.NAME)) {
            List<String> runnable = new ArrayList<>();
            for (String language : wanted) {
                if (!Files.exists(HumanEvalPack.file(data, language))) {
                    report.unsupported(HumanEvalPack.NAME, language, "no data at " + HumanEvalPack.file(data, language));
                } else if (!verifier.supportedLanguages().contains(language)) {
                    report.unsupported(HumanEvalPack.NAME, language, "no sandbox runtime for " + language + " yet");
                } else {
                    runnable.add(language);
                }
            }
            cases.addAll(HumanEvalPack.load(data, runnable, limit));
        }
        if (datasets.contains(QuixBugs.NAME) && !Files.isDirectory(QuixBugs.root(data))) {
            report.unsupported(QuixBugs.NAME, "python, java", "no data at " + QuixBugs.root(data));
        }
        if (datasets.contains(QuixBugs.NAME) && wanted.contains("python")) {
            cases.addAll(QuixBugs.python(data, limit));
        }
        if (datasets.contains(QuixBugs.NAME) && wanted.contains("java")) {
            cases.addAll(QuixBugs.java(data, limit));
        }
        if (datasets.contains("evalplus") && wanted.contains("python")) {
            for (var file : List.of(EvalPlus.humanEvalFile(data), EvalPlus.mbppFile(data))) {
                if (!Files.exists(file)) {
                    report.unsupported("evalplus", "python", "no data at " + file);
                }
            }
            cases.addAll(EvalPlus.humanEvalPlus(data, limit));
            cases.addAll(EvalPlus.mbppPlus(data, limit));
        }
        if (tasks != null) {
            cases.removeIf(c -> !tasks.contains(c.taskId()));
        }
        System.err.printf("eval-verifier: %d cases, %d at a time%n", cases.size(), concurrency);
        Instant started = Instant.now();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        java.io.BufferedWriter caseLines = casesOut == null ? null : Files.newBufferedWriter(casesOut);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LabelledCase c : cases) {
                futures.add(pool.submit(() -> {
                    Verdict v = verifier.verify(c.request());
                    report.add(c, v);
                    if (caseLines != null) {
                        writeCase(caseLines, c, v);
                    }
                    int n = done.incrementAndGet();
                    if (n % 50 == 0 || n == cases.size()) {
                        System.err.printf("  %d/%d%n", n, cases.size());
                    }
                    return v.status() == Status.INDETERMINATE;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            if (caseLines != null) {
                caseLines.close();
            }
        }
        String markdown = "Verifier accuracy, " + cases.size() + " cases, " + Duration.between(started, Instant.now()).toSeconds()
                + " s\n\n" + report.markdown();
        System.out.println(markdown);
        if (out != null) {
            Files.writeString(out, markdown);
        }
        return 0;
    }

    private static void writeCase(java.io.BufferedWriter out, LabelledCase c, Verdict v) throws java.io.IOException {
        var row = JSON.createObjectNode().put("dataset", c.dataset()).put("language", c.language()).put("taskId", c.taskId())
                .put("variant", c.variant()).put("dimension", c.request().task().dimension().wireName())
                .put("shouldPass", c.shouldPass()).put("status", v.status().wireName()).put("reason", v.reason().wireName())
                .put("confidence", v.confidence());
        var signals = row.putObject("signals");
        var gates = row.putArray("gates");
        if (v.signals() != null) {
            v.signals().scores().forEach(signals::put);
            v.signals().gates().forEach(gates::add);
        }
        if (v.tests() != null) {
            row.put("boundary", v.tests().boundary());
            v.tests().cases().stream().filter(t -> !"passed".equals(t.outcome())).findFirst()
                    .ifPresent(t -> row.put("firstFailure", t.name() + ": " + t.outcome() + (t.message() == null ? "" : " " + t.message())));
        }
        String line = JSON.writeValueAsString(row);
        synchronized (out) {
            out.write(line);
            out.newLine();
        }
    }
}
