package dev.arbiter.deploy;

import dev.arbiter.deploy.Manifests.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Invariants of batch scoring: the Indexed Job's shards and the Job that merges them. */
final class JobRules {
    static final String INDEX = "JOB_COMPLETION_INDEX";
    static final String INDEX_FIELD = "metadata.annotations['batch.kubernetes.io/job-completion-index']";
    private static final Pattern SHARD = Pattern.compile("job/(\\d+)");

    /** A Job's only container and its command. */
    private record Step(Workload workload, Job job, Container container) {
        List<String> command() {
            return container.getCommand();
        }

        String where() {
            return workload.where();
        }
    }

    private JobRules() {
    }

    /**
     * One Job scores shards ({@code --shard job/N}): it is Indexed, with completions == parallelism == N, and each pod
     * writes its own --out, named by $(JOB_COMPLETION_INDEX), which the container takes from the completion index.
     */
    static List<String> indexedJobShardsAgree(Manifests m) {
        List<String> problems = new ArrayList<>();
        Optional<Step> scoring = only(m, "--shard", problems);
        if (scoring.isEmpty()) {
            return problems;
        }
        Step s = scoring.get();
        Matcher shard = SHARD.matcher(option(s.command(), "--shard").orElse(""));
        if (!shard.matches()) {
            return List.of(s.where() + ": --shard " + option(s.command(), "--shard").orElse("") + " is not job/N");
        }
        int n = Integer.parseInt(shard.group(1));
        if (!"Indexed".equals(s.job().getSpec().getCompletionMode())) {
            problems.add(s.where() + ": completionMode " + s.job().getSpec().getCompletionMode() + ", not Indexed");
        }
        if (!Objects.equals(s.job().getSpec().getCompletions(), n) || !Objects.equals(s.job().getSpec().getParallelism(), n)) {
            problems.add(s.where() + ": completions " + s.job().getSpec().getCompletions() + " and parallelism "
                    + s.job().getSpec().getParallelism() + " are not both the " + n + " of --shard job/" + n);
        }
        if (!option(s.command(), "--out").orElse("").contains("$(" + INDEX + ")")) {
            problems.add(s.where() + ": --out " + option(s.command(), "--out").orElse("") + " is the same file for every index");
        }
        Optional<String> field = s.container().getEnv().stream().filter(e -> e.getName().equals(INDEX)).map(EnvVar::getValueFrom)
                .map(v -> v == null || v.getFieldRef() == null ? null : v.getFieldRef().getFieldPath()).findFirst();
        if (field.isPresent() && !INDEX_FIELD.equals(field.get())) {
            problems.add(s.where() + ": " + INDEX + " is declared from " + field.get() + ", not " + INDEX_FIELD);
        }
        return problems;
    }

    /**
     * One Job merges ({@code score merge}): it names exactly the files the Indexed Job writes, shard 0 to N - 1 in
     * that order, reads the same --in, and finds them all on the same volume claim at the same path.
     */
    static List<String> mergeJobReadsEveryShard(Manifests m) {
        List<String> problems = new ArrayList<>();
        Optional<Step> scoring = only(m, "--shard", problems);
        Optional<Step> merge = only(m, "merge", problems);
        if (scoring.isEmpty() || merge.isEmpty()) {
            return problems;
        }
        Matcher shard = SHARD.matcher(option(scoring.get().command(), "--shard").orElse(""));
        int n = shard.matches() ? Integer.parseInt(shard.group(1)) : 0;
        String out = option(scoring.get().command(), "--out").orElse("");
        List<String> written = IntStream.range(0, n).mapToObj(i -> out.replace("$(" + INDEX + ")", Integer.toString(i))).toList();
        List<String> named = positional(merge.get().command().subList(merge.get().command().indexOf("merge") + 1, merge.get().command().size()));
        if (!named.equals(written)) {
            problems.add(merge.get().where() + ": merges " + named + ", but " + scoring.get().where() + " writes " + written);
        }
        Optional<String> in = option(scoring.get().command(), "--in");
        if (in.isEmpty() || !in.equals(option(merge.get().command(), "--in"))) {
            problems.add(merge.get().where() + ": --in " + option(merge.get().command(), "--in") + ", but the shards read " + in);
        }
        List<String> shared = new ArrayList<>(written);
        in.ifPresent(shared::add);
        for (String file : shared) {
            Optional<String> there = claimOf(scoring.get(), file);
            if (there.isEmpty() || !there.equals(claimOf(merge.get(), file))) {
                problems.add(file + ": on " + there.orElse("no claim") + " in " + scoring.get().where() + ", on "
                        + claimOf(merge.get(), file).orElse("no claim") + " in " + merge.get().where());
            }
        }
        return problems;
    }

    private static Optional<Step> only(Manifests m, String marker, List<String> problems) {
        List<Step> steps = new ArrayList<>();
        for (Workload w : m.workloads()) {
            if (w.doc().resource() instanceof Job job && w.spec().getContainers().size() == 1
                    && w.spec().getContainers().get(0).getCommand().contains(marker)) {
                steps.add(new Step(w, job, w.spec().getContainers().get(0)));
            }
        }
        if (steps.size() != 1) {
            problems.add(steps.size() + " one-container Jobs have '" + marker + "' in their command, not 1: "
                    + steps.stream().map(Step::where).toList());
            return Optional.empty();
        }
        return Optional.of(steps.get(0));
    }

    static Optional<String> option(List<String> command, String name) {
        int at = command.indexOf(name);
        if (at >= 0 && at + 1 < command.size()) {
            return Optional.of(command.get(at + 1));
        }
        return command.stream().filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1)).findFirst();
    }

    /** The arguments that are neither an option nor an option's value (every option of score takes a value). */
    static List<String> positional(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("--")) {
                i += args.get(i).contains("=") ? 0 : 1;
            } else {
                out.add(args.get(i));
            }
        }
        return out;
    }

    /** "claim:mountPath" of the persistent volume claim the file lies on in this step, if it lies on one. */
    private static Optional<String> claimOf(Step step, String file) {
        Optional<VolumeMount> mount = step.container().getVolumeMounts().stream()
                .filter(v -> file.startsWith(v.getMountPath().endsWith("/") ? v.getMountPath() : v.getMountPath() + "/"))
                .max(Comparator.comparingInt(v -> v.getMountPath().length()));
        Optional<Volume> volume = mount.flatMap(v -> step.workload().spec().getVolumes().stream().filter(x -> x.getName().equals(v.getName())).findFirst());
        return volume.filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName() + ":" + mount.get().getMountPath());
    }
}
