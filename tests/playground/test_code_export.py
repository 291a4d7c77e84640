"""Each page's "The same in code" expander, opened, shows the page's setup as code (its numbers:
tests/test_codegen_runs.py runs the generated code)."""

import numpy as np

from tests.playground.pages import open_page


def test_architectures_and_optimisers_pages_show_their_setup_as_code():
    at = open_page(
        "architectures", query={"arch_model": "lenet5", "arch_h": "40"}, state={"arch_code": True}, timeout=120
    )
    assert not at.exception
    code = at.code[0].value
    assert "model = create_model('lenet5', input_shape=(40, 32, 1))" in code and "model.count_params()" in code

    at = open_page("optimizers", state={"opt_code": True, "opt_steps": 20}, timeout=120)
    assert not at.exception
    code = [c.value for c in at.code if "trajectories" in c.value][0]
    assert "steps=20" in code and "run(optimizers, surface" in code
    assert "make_optimizer('SGD', learning_rate=" in code  # the default race starts with SGD


def test_train_page_shows_the_2d_run_as_code_in_russian():
    at = open_page(
        "train", state={"train_code": True, "train_epochs": 7, "train_hidden": "5, 3"}, lang="ru", timeout=120
    )
    assert not at.exception
    code = at.code[0].value
    assert "model = build_mlp((5, 3), 'tanh', 'xavier'" in code
    assert "epochs=7" in code and "make_toy2d('circle', n_samples=400" in code
    assert "То же в коде" in [e.label for e in at.expander]


def _download(at, key: str) -> str:
    """The file name of the download button next to the code (the code itself is what it downloads)."""
    buttons = [b for b in at.get("download_button") if key in str(b.proto.id)]
    assert buttons, [b.proto.label for b in at.get("download_button")]
    return buttons[0].proto.label


def test_convolution_lab_code_follows_a_settings_change_in_both_languages():
    at = open_page("convolution", query={"s": "2", "pmode": "reflect", "p": "1"}, state={"conv_code": True})
    assert not at.exception
    code = at.code[0].value
    assert "digit_image(0, 8)" in code  # the page's own input, made with tfdl.data
    assert "stride=2, padding=1, dilation=1, padding_mode='reflect'" in code
    assert "planes = np.array(" in code and "conv.set_weights([kernel" in code  # the kernel, then the Keras layer
    assert _download(at, "conv_code") == "Download the code (.py)"
    at.number_input(key="d").set_value(2).run()  # a change: the code follows
    assert "dilation=2" in at.code[0].value and "dilation_rate=2" in at.code[0].value

    at = open_page("convolution", query={"d": "2", "ch": "3"}, state={"conv_code": True}, lang="ru")
    assert not at.exception
    assert "То же в коде (эталон на numpy и слой Keras)" in [e.label for e in at.expander]
    code = at.code[0].value
    assert "dilation=2" in code and "np.concatenate" in code  # three channels: digit, half, inverse
    assert _download(at, "conv_code") == "Скачать код (.py)"


def test_transposed_tab_code_writes_its_input_and_kernel():
    at = open_page(
        "convolution", query={"op": "transposed", "ts": "3", "tp": "same"}, state={"t_code": True, "out_table": True}
    )
    assert not at.exception
    code = at.code[0].value
    assert code.count("np.array(") == 2  # the input crop and the kernel, written out
    assert "stride=3, padding='same', output_padding=None" in code and "Conv2DTranspose" in code
    scope = {}
    exec(code.split("\nimport keras")[0], scope)  # the numpy part (no TensorFlow here) gives the page's table
    np.testing.assert_allclose(scope["y"], at.dataframe[0].value.to_numpy(dtype=float), atol=1e-9)


def test_train_digits_code_follows_the_settings():
    at = open_page(
        "train",
        query={"train_mode": "digits", "train_depochs": "3", "train_dnorm": "layer", "train_aug": "True"},
        state={"train_dcode": True},
    )
    assert not at.exception
    code = at.code[0].value
    assert "model = digits_model('small_cnn', 8, batch_norm=False, layer_norm=True)" in code
    assert "epochs=3, batch_size=64" in code and "Adam(0.003)" in code
    assert "make_augmenter(('shift', 'rotate'), 0.5, seed=0)" in code
    at.select_slider(key="train_dlr").set_value(0.01).run()
    assert "Adam(0.01)" in at.code[0].value


def test_sequences_gate_code_in_russian():
    at = open_page("sequences", query={"seq_gate_text": "2718"}, state={"seq_gate_code": True}, lang="ru")
    assert not at.exception
    assert "То же в коде (новый, необученный LSTM)" in [e.label for e in at.expander]
    code = [c.value for c in at.code if "random_lstm_gates" in c.value][0]
    assert "tok.encode('2718')" in code and "value[0, :, :4]" in code


def test_first_principles_activations_and_vision_show_their_setup_as_code():
    at = open_page(
        "first_principles",
        query={"fp_act": "relu", "fp_hidden": "3", "fp_target": "bump"},
        state={"fp_xor_code": True, "fp_approx_code": True},
        lang="ru",
    )
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any("train_xor('relu', hidden=3, steps=2000, learning_rate=0.5, seed=0)" in c for c in codes)
    assert any("TARGETS['bump']" in c and "universal_approximation(target.fn, 8, 4.0" in c for c in codes)
    assert "То же в коде" in [e.label for e in at.expander]

    at = open_page(
        "activations",
        query={"act_depth": "3", "act_width": "16", "act_init_zeros": "False"},
        state={"act_init_code": True},
    )
    assert not at.exception
    code = [c.value for c in at.code if "init_statistics_table" in c.value][0]
    assert "init_statistics_table(('small', 'xavier', 'he'), 'relu', depth=3, width=16, n_samples=256)" in code

    at = open_page("vision", query={"vis_nms_objects": "2", "vis_nms_iou": "0.7"}, state={"vis_nms_code": True})
    assert not at.exception
    code = [c.value for c in at.code if "nms_trace" in c.value][0]
    assert "make_detections(objects=2," in code and "nms_trace(boxes, scores, 0.7)" in code


def test_inside_autoencoders_and_transfer_show_their_settings_as_code():
    from tests.playground.pages import inside_model_state

    state = {**inside_model_state(8, 1, 2), "in_code": True}  # the page finds its model: nothing trains here
    query = {"in_size": 8, "in_epochs": 1, "in_seed": 2, "in_idx": 5, "in_target": 7, "in_view": "features"}
    at = open_page("inside", query=query, state=state, timeout=180)
    assert not at.exception
    code = [c.value for c in at.code if "train_digits_cnn" in c.value][0]
    assert "train_digits_cnn(8, epochs=1, seed=2)" in code and "x = x_test[5]" in code and "explained = 7" in code

    query = {"ae_size": 8, "ae_latent": 3, "ae_epochs": 2, "ae_tnoise": 0.45, "ae_seed": 4}
    at = open_page("autoencoders", query=query, state={"ae_code": True}, lang="ru")
    assert not at.exception
    assert "То же в коде" in [e.label for e in at.expander]
    code = [c.value for c in at.code if "train_autoencoders" in c.value][0]
    assert "train_autoencoders(8, latent_dim=3, epochs=2, noise_level=0.45, seed=4)" in code

    query = {"tl_shots": 7, "tl_epochs": 4, "tl_pretrain": 2, "tl_finetune": 3, "tl_layers": 2, "tl_seed": 9}
    at = open_page("transfer", query=query, state={"tl_code": True})
    assert not at.exception
    code = [c.value for c in at.code if "transfer_vs_scratch" in c.value][0]
    assert "pretrain_source(epochs=2, seed=9)" in code
    assert "transfer_vs_scratch(base.model, 7, epochs=4, fine_tune_epochs=3," in code and "fine_tune_layers=2" in code
    assert _download(at, "tl_code") == "Download the code (.py)"


def test_sequences_seq2seq_and_vision_unet_and_triplet_show_their_settings_as_code():
    query = {
        "seq_task": "sort",
        "seq_min_len": 3,
        "seq_max_len": 5,
        "seq_cell": "gru",
        "seq_attention": "none",
        "seq_reverse": "True",
        "seq_units": 16,
        "seq_n_train": 300,
        "seq_epochs": 2,
    }
    at = open_page("sequences", query=query, state={"seq_code": True}, lang="ru", timeout=120)
    assert not at.exception
    code = [c.value for c in at.code if "train_seq2seq" in c.value][0]
    assert "make_sequence_task('sort', n_samples=500, min_len=3, max_len=5, seed=0)" in code
    assert (
        "units=16, cell='gru', attention=None," in code and "reverse_source=True, bidirectional_encoder=False" in code
    )
    assert "epochs=2)" in code and "decode_text(model, train.tokenizer, '31415', method='greedy')" in code

    query = {
        "vis_seg_size": 16,
        "vis_seg_images": 128,
        "vis_seg_filters": 4,
        "vis_seg_depth": 3,
        "vis_seg_epochs": 5,
        "vis_seg_lr": 0.003,
        "vis_tr_classes": 7,
        "vis_tr_epochs": 9,
        "vis_tr_margin": 0.2,
    }
    at = open_page("vision", query=query, state={"vis_seg_code": True, "vis_tr_code": True}, timeout=120)
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any(
        "train_shapes_unet(size=16, n_images=128, base_filters=4, depth=3, epochs=5, learning_rate=0.003, seed=0)" in c
        for c in codes
    )
    assert any("train_triplet_embedding(n_classes=7, epochs=9, margin=0.2, per_class=60, seed=0)" in c for c in codes)
    assert _download(at, "vis_tr_code") == "Download the code (.py)"
