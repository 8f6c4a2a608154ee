package dev.berth.it;

import dev.berth.cli.ApiClient;
import dev.berth.daemon.AotTraining;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT cache's training workload still gets the answers it expects from the daemon (it refuses to write a cache
 * otherwise, and the launcher would then start every daemon without one), and leaves no volume behind.
 */
class AotTrainingIT {

    TestDaemon d;

    @BeforeEach
    void start() {
        d = TestDaemon.inProcess();
    }

    @AfterEach
    void stop() {
        d.close();
    }

    @Test
    void trainingRound_answersAsExpected_andPrunesEverything() throws Exception {
        try (ApiClient c = d.client("1.50")) {
            AotTraining.run(c, "it-");
            assertThat(c.get("/volumes").text()).contains("\"Volumes\":[]");
        }
    }
}
