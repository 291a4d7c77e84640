"""fit(strategy=MultiWorkerMirroredStrategy()) trains across two processes on 127.0.0.1.

Two worker processes (``TF_CONFIG`` with free loopback ports) train the same MLP; with the
gradients all-reduced every step, both must end with identical weights and histories.
"""

import json

import numpy as np
import pytest

from tfdl.experiments.multiworker import local_tf_configs, run_local


def test_local_tf_configs_use_loopback_and_distinct_ports():
    configs = local_tf_configs(3)
    hosts = configs[0]["cluster"]["worker"]
    assert all(c["cluster"] == configs[0]["cluster"] for c in configs)
    assert [c["task"] for c in configs] == [{"type": "worker", "index": i} for i in range(3)]
    assert all(h.startswith("127.0.0.1:") for h in hosts) and len(set(hosts)) == 3
    json.dumps(configs)  # what TF_CONFIG holds
    with pytest.raises(ValueError, match="`workers` must be an integer >= 1. Received: workers=0"):
        local_tf_configs(0)


@pytest.mark.slow
def test_two_workers_end_with_identical_weights(tmp_path):
    infos = run_local(str(tmp_path), workers=2, epochs=2, timeout=420)
    assert [i["index"] for i in infos] == [0, 1]
    assert all(i["workers"] == 2 for i in infos)  # replicas in sync: one per worker
    assert infos[0]["loss"] == infos[1]["loss"] and len(infos[0]["loss"]) == 2
    assert np.isfinite(infos[0]["loss"]).all()
    w0, w1 = np.load(tmp_path / "worker0.npz"), np.load(tmp_path / "worker1.npz")
    assert w0.files == w1.files and len(w0.files) >= 4
    for key in w0.files:
        np.testing.assert_array_equal(w0[key], w1[key])
