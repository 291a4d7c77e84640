"""What the app and the docs show about every registered model: data, not code.

One entry per registry name: ``family`` (groups variants), ``task`` (``"classification"``,
``"segmentation"``, ``"autoencoder"``, ``"sequence"``), ``input_kind`` (``"image"``,
``"features"``, ``"tokens"``, ``"token pairs"``), ``paper`` and ``year``, the default
``input_shape`` and a ``small_input`` on which the model still builds (tests and demos), the
trainable ``params`` at the default input with the default head (``None`` where it depends on
the vocabulary), and the one-line ``idea`` in English (tfdl stays English: the playground's
catalogue translates it, ``pgettext("model idea", idea)`` in ``playground/locale/*/models.po``).
``defaults`` (optional) are keyword arguments the registry passes to the builder.

:func:`tfdl.models.registry.register_model` reads this table, so a builder is registered with
its name only; :func:`tfdl.models.model_info` returns the entry as a ``ModelInfo``.

Example:
    >>> from tfdl.models.metadata import MODEL_METADATA
    >>> MODEL_METADATA["resnet50"]["family"], MODEL_METADATA["resnet50"]["params"]
    ('resnet', 25557032)
"""

from __future__ import annotations

__all__ = ["MODEL_METADATA"]

MODEL_METADATA: dict[str, dict] = {
    "alexnet": {
        "family": "alexnet", "task": "classification", "input_kind": "image",
        "paper": ('Krizhevsky, Sutskever, Hinton, "ImageNet Classification with Deep '
                  'Convolutional Neural Networks", NeurIPS 2012'),
        "year": 2012, "input_shape": (227, 227, 3), "small_input": (67, 67, 3),
        "params": 62_378_344,
        "idea": ("A deep CNN trained on GPUs with ReLU, dropout 0.5, overlapping max pooling "
                 "and data augmentation won ImageNet 2012 by a wide margin."),
    },
    "conv_autoencoder": {
        "family": "autoencoder", "task": "autoencoder", "input_kind": "image",
        "paper": ('Hinton, Salakhutdinov, "Reducing the Dimensionality of Data with Neural '
                  'Networks", Science 2006; Masci et al., "Stacked Convolutional Auto-Encoders", '
                  "ICANN 2011"),
        "year": 2006, "input_shape": (28, 28, 1), "small_input": (16, 16, 1),
        "params": 178_001,
        "idea": ("Squeeze an image through a small code and rebuild it: the code learns what "
                 "matters."),
    },
    "crnn": {
        "family": "crnn", "task": "sequence", "input_kind": "features",
        "paper": ("Shi, Bai & Yao, An End-to-End Trainable Neural Network for Image-based "
                  "Sequence Recognition (CRNN), TPAMI 2017"),
        "year": 2017, "input_shape": (100, 16), "small_input": (16, 4),
        "params": None,
        "idea": ("Convolutions extract local features and shorten the sequence; a recurrent "
                 "layer then models the long-range order."),
    },
    "deconvnet": {
        "family": "deconvnet", "task": "segmentation", "input_kind": "image",
        "paper": ('Noh, Hong, Han, "Learning Deconvolution Network for Semantic Segmentation", '
                  "ICCV 2015"),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 251_805_653,
        "idea": ("A mirrored decoder learns the shapes: unpooling puts each value back where "
                 "its maximum was (the switches), deconvolutions densify the sparse maps."),
    },
    "denoising_autoencoder": {
        "family": "autoencoder", "task": "autoencoder", "input_kind": "image",
        "paper": ('Vincent, Larochelle, Bengio, Manzagol, "Extracting and Composing Robust '
                  'Features with Denoising Autoencoders", ICML 2008'),
        "year": 2008, "input_shape": (28, 28, 1), "small_input": (16, 16, 1),
        "params": 178_001,
        "idea": ("Corrupt the input with noise while training and ask for the clean image "
                 "back: the code must capture structure, not pixels."),
    },
    "densenet121": {
        "family": "densenet", "task": "classification", "input_kind": "image",
        "paper": ('Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional '
                  'Networks", CVPR 2017'),
        "year": 2017, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 7_978_856,
        "idea": ("Every layer receives all earlier feature maps (concatenation) and adds k = "
                 "32 new ones: feature reuse with few parameters."),
    },
    "densenet169": {
        "family": "densenet", "task": "classification", "input_kind": "image",
        "paper": ('Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional '
                  'Networks", CVPR 2017'),
        "year": 2017, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 14_149_480,
        "idea": "DenseNet with 32 layers in each of the last two dense blocks.",
    },
    "densenet201": {
        "family": "densenet", "task": "classification", "input_kind": "image",
        "paper": ('Huang, Liu, van der Maaten, Weinberger, "Densely Connected Convolutional '
                  'Networks", CVPR 2017'),
        "year": 2017, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 20_013_928,
        "idea": "DenseNet with 48 layers in the third dense block.",
    },
    "fcn16s": {
        "family": "fcn", "task": "segmentation", "input_kind": "image",
        "paper": ('Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic '
                  'Segmentation", CVPR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 134_815_994,
        "idea": ("Classification net made fully convolutional (FC → 1×1 conv); dense scores "
                 "are upsampled: a pool4 skip, then ×16."),
    },
    "fcn32s": {
        "family": "fcn", "task": "segmentation", "input_kind": "image",
        "paper": ('Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic '
                  'Segmentation", CVPR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 136_152_917,
        "idea": ("Classification net made fully convolutional (FC → 1×1 conv); dense scores "
                 "are upsampled: one ×32 transposed convolution."),
    },
    "fcn8s": {
        "family": "fcn", "task": "segmentation", "input_kind": "image",
        "paper": ('Long, Shelhamer, Darrell, "Fully Convolutional Networks for Semantic '
                  'Segmentation", CVPR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 134_489_759,
        "idea": ("Classification net made fully convolutional (FC → 1×1 conv); dense scores "
                 "are upsampled: pool4 and pool3 skips, then ×8."),
    },
    "fractalnet": {
        "family": "fractalnet", "task": "classification", "input_kind": "image",
        "paper": ('Larsson, Maire, Shakhnarovich, "FractalNet: Ultra-Deep Neural Networks without '
                  'Residuals", ICLR 2017'),
        "year": 2017, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 1_057_642,
        "idea": ("Deep nets without residuals: a self-similar expansion of columns of "
                 "different depths joined by averaging; drop-path makes every column work "
                 "alone."),
    },
    "googlenet": {
        "family": "googlenet", "task": "classification", "input_kind": "image",
        "paper": 'Szegedy et al., "Going Deeper with Convolutions", CVPR 2015',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 6_998_552,
        "idea": ("Inception modules run 1×1, 3×3, 5×5 convs and pooling in parallel, with 1×1 "
                 "reductions keeping the cost low; no big FC layers."),
    },
    "googlenet_naive": {
        "family": "googlenet", "task": "classification", "input_kind": "image",
        "paper": 'Szegedy et al., "Going Deeper with Convolutions", CVPR 2015',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 97_526_008,
        "idea": ("GoogLeNet from naive Inception modules, without the 1×1 reductions: the pooling "
                 "branch passes every channel on, channels pile up and the parameters blow up."),
    },
    "highway_mlp": {
        "family": "highway", "task": "classification", "input_kind": "image",
        "paper": 'Srivastava, Greff, Schmidhuber, "Training Very Deep Networks", NeurIPS 2015',
        "year": 2015, "input_shape": (28, 28, 1), "small_input": (8, 8, 1),
        "params": 90_760,
        "idea": ("A learned gate T(x) mixes a transform H(x) with the input: y = H·T + x·(1 − "
                 "T); with negative gate bias, 100-layer MLPs train."),
    },
    "inception_resnet_small": {
        "family": "inception_resnet", "task": "classification", "input_kind": "image",
        "paper": ('Szegedy, Ioffe, Vanhoucke, Alemi, "Inception-v4, Inception-ResNet and the '
                  'Impact of Residual Connections on Learning", AAAI 2017'),
        "year": 2017, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 277_354,
        "idea": ("Inception branches as the residual function, scaled by 0.1-0.3 before the "
                 "add: Inception's width with ResNet's easy training."),
    },
    "lenet5": {
        "family": "lenet", "task": "classification", "input_kind": "image",
        "paper": ('LeCun, Bottou, Bengio, Haffner, "Gradient-Based Learning Applied to Document '
                  'Recognition", Proc. IEEE 1998'),
        "year": 1998, "input_shape": (32, 32, 1), "small_input": (32, 32, 1),
        "params": 61_706,
        "idea": ("Convolutions with shared weights + subsampling, then fully connected layers: "
                 "the first end-to-end trained CNN (tanh, average pooling)."),
    },
    "lenet5_modern": {
        "family": "lenet", "task": "classification", "input_kind": "image",
        "paper": ('LeCun, Bottou, Bengio, Haffner, "Gradient-Based Learning Applied to Document '
                  'Recognition", Proc. IEEE 1998 (modernised: ReLU, max pooling)'),
        "year": 1998, "input_shape": (32, 32, 1), "small_input": (32, 32, 1),
        "params": 61_706,
        "idea": ("LeNet-5 with today's defaults: ReLU instead of tanh, max pooling instead of "
                 "average."),
    },
    "nin": {
        "family": "nin", "task": "classification", "input_kind": "image",
        "paper": 'Lin, Chen, Yan, "Network In Network", ICLR 2014',
        "year": 2014, "input_shape": (224, 224, 3), "small_input": (67, 67, 3),
        "params": 7_439_608,
        "idea": ("Replace linear filters by tiny MLPs (1×1 convs) and the FC head by global "
                 "average pooling of one map per class."),
    },
    "plain18": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 11_515_688,
        "idea": ("ResNet-18 without shortcuts: the plain baseline of the degradation "
                 "experiment."),
    },
    "plain20": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 269_722,
        "idea": "Plain 20-layer CIFAR net: the baseline for the degradation experiment.",
    },
    "plain34": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 21_623_848,
        "idea": "Plain 34-layer net: trains worse than plain-18 — the degradation problem.",
    },
    "plain56": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 853_018,
        "idea": ("Plain 56-layer CIFAR net: higher training error than plain-20 (Fig. 1 of the "
                 "paper)."),
    },
    "preact_resnet110": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016',
        "year": 2016, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 1_727_962,
        "idea": "Pre-activation 110-layer CIFAR ResNet (v2).",
    },
    "preact_resnet18": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016',
        "year": 2016, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 11_687_720,
        "idea": ("ResNet v2: BN-ReLU before each conv, so the shortcut path is a clean "
                 "identity."),
    },
    "preact_resnet50": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Identity Mappings in Deep Residual Networks", ECCV 2016',
        "year": 2016, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 25_549_352,
        "idea": "Pre-activation bottleneck ResNet-50: identity mappings ease optimisation.",
    },
    "resnet101": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 44_549_160,
        "idea": "101-layer bottleneck ResNet: 23 blocks in the 14×14 stage.",
    },
    "resnet110": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 1_727_962,
        "idea": "CIFAR ResNet with 110 layers (n = 18), 1.7M parameters.",
    },
    "resnet152": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 60_192_808,
        "idea": ("152-layer bottleneck ResNet, the ILSVRC 2015 winner, still cheaper than "
                 "VGG-16."),
    },
    "resnet18": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 11_689_512,
        "idea": "18 layers of basic residual blocks: learn F(x) = H(x) − x and add x back.",
    },
    "resnet20": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 269_722,
        "idea": "CIFAR ResNet, 6n+2 = 20 layers, 16-32-64 channels, zero-padding shortcuts.",
    },
    "resnet34": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 21_797_672,
        "idea": "34 layers of basic residual blocks; deeper than VGG-19 with fewer FLOPs.",
    },
    "resnet50": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 25_557_032,
        "idea": "Bottleneck blocks (1×1 reduce, 3×3, 1×1 expand) make 50 layers affordable.",
    },
    "resnet56": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": 'He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016',
        "year": 2015, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 853_018,
        "idea": "CIFAR ResNet with 56 layers (n = 9): deeper keeps helping when residual.",
    },
    "resnext50_32x4d": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": ('Xie, Girshick, Dollár, Tu, He, "Aggregated Residual Transformations for Deep '
                  'Neural Networks", CVPR 2017'),
        "year": 2017, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 25_028_904,
        "idea": ("ResNeXt: split the bottleneck 3×3 into 32 groups of width 4 (grouped conv) — "
                 "cardinality as a new dimension."),
    },
    "rnn_classifier": {
        "family": "rnn", "task": "sequence", "input_kind": "features",
        "paper": "Elman 1990; Hochreiter & Schmidhuber 1997; Schuster & Paliwal 1997",
        "year": 1997, "input_shape": (50, 8), "small_input": (12, 4),
        "params": None,
        "idea": "Many-to-one: read the whole sequence, classify from the last hidden state.",
    },
    "se_resnet50": {
        "family": "resnet", "task": "classification", "input_kind": "image",
        "paper": 'Hu, Shen, Sun, "Squeeze-and-Excitation Networks", CVPR 2018',
        "year": 2018, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 28_088_024,
        "idea": ("ResNet-50 whose residual branches are rescaled per channel by a "
                 "squeeze-and-excitation gate σ(W·ReLU(V·z))."),
    },
    "seq2seq": {
        "family": "seq2seq", "task": "sequence", "input_kind": "token pairs",
        "paper": "Sutskever, Vinyals & Le 2014; Cho et al. 2014; Bahdanau, Cho & Bengio 2015",
        "year": 2014, "input_shape": ((12,), (12,)), "small_input": ((6,), (5,)),
        "params": None,
        "idea": ("Encoder RNN reads the source, decoder RNN writes the target; attention lets "
                 "every output step look at every source position."),
    },
    "sequence_tagger": {
        "family": "rnn", "task": "sequence", "input_kind": "features",
        "paper": "Graves 2012; Huang, Xu & Yu 2015 (BiLSTM tagging)",
        "year": 2015, "input_shape": (50, 8), "small_input": (12, 4),
        "params": None,
        "idea": "Many-to-many: one label per time step from a bidirectional RNN.",
    },
    "squeezenet1_0": {
        "family": "squeezenet", "task": "classification", "input_kind": "image",
        "paper": ('Iandola, Han, Moskewicz, Ashraf, Dally, Keutzer, "SqueezeNet: AlexNet-level '
                  'accuracy with 50x fewer parameters and <0.5MB model size", arXiv:1602.07360, '
                  "2016"),
        "year": 2016, "input_shape": (224, 224, 3), "small_input": (48, 48, 3),
        "params": 1_248_424,
        "idea": ("Fire modules squeeze channels with 1×1 convs before cheap 1×1/3×3 expands: "
                 "AlexNet accuracy with about 50× fewer parameters."),
    },
    "squeezenet1_1": {
        "family": "squeezenet", "task": "classification", "input_kind": "image",
        "paper": ('Iandola, Han, Moskewicz, Ashraf, Dally, Keutzer, "SqueezeNet: AlexNet-level '
                  'accuracy with 50x fewer parameters and <0.5MB model size", arXiv:1602.07360, '
                  "2016 (v1.1, github.com/forresti/SqueezeNet)"),
        "year": 2016, "input_shape": (224, 224, 3), "small_input": (48, 48, 3),
        "params": 1_235_496,
        "idea": ("SqueezeNet 1.1: 3×3 stem with 64 filters and earlier pooling — same "
                 "accuracy, 2.4× less computation."),
    },
    "stochastic_depth_resnet110": {
        "family": "resnet_cifar", "task": "classification", "input_kind": "image",
        "paper": ('Huang, Sun, Liu, Sedra, Weinberger, "Deep Networks with Stochastic Depth", '
                  "ECCV 2016"),
        "year": 2016, "input_shape": (32, 32, 3), "small_input": (16, 16, 3),
        "params": 1_727_962,
        "idea": ("Drop whole residual blocks at random while training (survival 1 → 0.5 with "
                 "depth): a shorter net to train, a deep net to test."),
    },
    "text_cnn": {
        "family": "text_cnn", "task": "sequence", "input_kind": "tokens",
        "paper": "Kim, Convolutional Neural Networks for Sentence Classification, EMNLP 2014",
        "year": 2014, "input_shape": (50,), "small_input": (12,),
        "params": None,
        "idea": ("Convolutions of widths 3, 4, 5 over word embeddings, max over time, one "
                 "dense layer: n-gram detectors for sentences."),
    },
    "unet": {
        "family": "unet", "task": "segmentation", "input_kind": "image",
        "paper": ('Ronneberger, Fischer, Brox, "U-Net: Convolutional Networks for Biomedical '
                  'Image Segmentation", MICCAI 2015'),
        "year": 2015, "input_shape": (572, 572, 1), "small_input": (188, 188, 1),
        "params": 31_030_658,
        "idea": ("Contracting path for context, symmetric expanding path for localisation, "
                 "copy-and-crop skips between them: 572×572 in, 388×388 out."),
    },
    "unet_same": {
        "family": "unet", "task": "segmentation", "input_kind": "image",
        "paper": ('Ronneberger, Fischer, Brox, "U-Net: Convolutional Networks for Biomedical '
                  'Image Segmentation", MICCAI 2015 (same-padding variant)'),
        "year": 2015, "input_shape": (256, 256, 1), "small_input": (32, 32, 1),
        "params": 31_030_658,
        "idea": ("U-Net with same-padded convs: output size = input size (multiples of 16), no "
                 "cropping."),
    },
    "vgg11": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 132_863_336,
        "idea": ("Configuration A: only 3×3 convolutions, depth 11; cascades of small kernels "
                 "replace large ones with fewer parameters."),
    },
    "vgg11_bn": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 132_868_840,
        "idea": ("Configuration A: only 3×3 convolutions, depth 11; cascades of small kernels "
                 "replace large ones with fewer parameters, with batch normalisation after "
                 "each conv."),
    },
    "vgg13": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 133_047_848,
        "idea": ("Configuration B: only 3×3 convolutions, depth 13; cascades of small kernels "
                 "replace large ones with fewer parameters."),
    },
    "vgg13_bn": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 133_053_736,
        "idea": ("Configuration B: only 3×3 convolutions, depth 13; cascades of small kernels "
                 "replace large ones with fewer parameters, with batch normalisation after "
                 "each conv."),
    },
    "vgg16": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 138_357_544,
        "idea": ("Configuration D: only 3×3 convolutions, depth 16; cascades of small kernels "
                 "replace large ones with fewer parameters."),
    },
    "vgg16_bn": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 138_365_992,
        "idea": ("Configuration D: only 3×3 convolutions, depth 16; cascades of small kernels "
                 "replace large ones with fewer parameters, with batch normalisation after "
                 "each conv."),
    },
    "vgg19": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 143_667_240,
        "idea": ("Configuration E: only 3×3 convolutions, depth 19; cascades of small kernels "
                 "replace large ones with fewer parameters."),
    },
    "vgg19_bn": {
        "family": "vgg", "task": "classification", "input_kind": "image",
        "paper": ('Simonyan, Zisserman, "Very Deep Convolutional Networks for Large-Scale Image '
                  'Recognition", ICLR 2015'),
        "year": 2015, "input_shape": (224, 224, 3), "small_input": (32, 32, 3),
        "params": 143_678_248,
        "idea": ("Configuration E: only 3×3 convolutions, depth 19; cascades of small kernels "
                 "replace large ones with fewer parameters, with batch normalisation after "
                 "each conv."),
    },

}
