package dev.berth.runtime;

/** The Linux namespaces a container can have, with their runtime-spec names. Immutable and thread-safe. */
public enum NamespaceType {
    MOUNT("mount"), NETWORK("network"), UTS("uts"), PID("pid"), IPC("ipc"), CGROUP("cgroup"), USER("user");

    private final String specName;

    NamespaceType(String specName) {
        this.specName = specName;
    }

    /** The name in {@code config.json}. */
    public String specName() {
        return specName;
    }
}
