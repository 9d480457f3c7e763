"""cyclescope: keras-contrib's cyclical-LR, snapshot-ensemble and dead-ReLU
callbacks for Keras 3, with a TensorBoard tab that shows what they do."""

from setuptools import setup

setup(
    name="cyclescope",
    version="0.1.0",
    description=(
        "Cyclical learning rates, snapshot ensembles and dead-ReLU detection "
        "for Keras 3, visible in TensorBoard"
    ),
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.10",
    # The folders at the top of the repository are the subpackages of the
    # `cyclescope` namespace; there is no bare `callbacks` or `tb_plugin`.
    packages=[
        "cyclescope.callbacks",
        "cyclescope.tb_plugin",
        "cyclescope.frontend",
        "cyclescope.demo",
    ],
    package_dir={
        "cyclescope.callbacks": "callbacks",
        "cyclescope.tb_plugin": "tb_plugin",
        "cyclescope.frontend": "frontend",
        "cyclescope.demo": "demo",
    },
    package_data={"cyclescope.frontend": ["*.js", "*.css", "vendor/*"]},
    install_requires=[
        # The oldest Keras that CI tests (`.ci/run` reads this line).
        "keras>=3.8,<4",
        "tensorboard>=2.21,<3",
        "numpy>=1.23",
        "protobuf>=4.21",
    ],
    extras_require={
        "tensorflow": ["tensorflow-cpu>=2.16"],
        "jax": ["jax[cpu]>=0.4.36"],
        "torch": ["torch>=2.1"],
        # `log_dir="s3://..."`, through TensorBoard's own S3 filesystem.
        "s3": ["boto3>=1.34"],
        # `LRRangeTestResult.plot()`.
        "plot": ["matplotlib>=3.5"],
        "demo": ["tensorflow-cpu>=2.16", "scikit-learn>=1.2"],
        "test": [
            "tensorflow-cpu>=2.16",
            "jax[cpu]>=0.4.36",
            # Below 2.14: CI machines hold a CPU build of torch 2.13, where
            # newer releases would download several GB of CUDA libraries.
            "torch>=2.1,<2.14",
            "scikit-learn>=1.2",
            "pytest>=7",
            "playwright>=1.40",
            "werkzeug>=2",
            "boto3>=1.34",
            "moto[server]>=5",
            "hypothesis>=6",
            "matplotlib>=3.5",
        ],
    },
    entry_points={
        "console_scripts": ["cyclescope = cyclescope.demo.cli:main"],
        "tensorboard_plugins": [
            "cyclescope = cyclescope.tb_plugin.loader:CyclescopeLoader",
        ],
    },
    classifiers=[
        "Framework :: TensorFlow",
        "Programming Language :: Python :: 3",
        "Topic :: Scientific/Engineering :: Artificial Intelligence",
    ],
)
