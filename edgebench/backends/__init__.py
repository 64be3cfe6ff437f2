"""Built-in model backends, registered through the same hook as any plugin's."""
from edgebench.hookspecs import hookimpl


@hookimpl
def register_backends(register) -> None:
    from edgebench.backends.hf import HFBackend
    from edgebench.backends.llamacpp import LlamaCppBackend, LlamaCppNamedBackend  # llama_cpp itself loads lazily
    from edgebench.backends.openai_api import OpenAIBackend
    from edgebench.backends.sklearn_baseline import SklearnBackend
    from edgebench.backends.vllm import VLLMBackend  # imports vLLM itself only when a vllm: model is built

    register(HFBackend.scheme, HFBackend)
    register(SklearnBackend.scheme, SklearnBackend)
    register(VLLMBackend.scheme, VLLMBackend)
    register(LlamaCppBackend.scheme, LlamaCppBackend)  # gguf:PATH
    register(LlamaCppNamedBackend.scheme, LlamaCppNamedBackend)  # llamacpp:NAME
    register(OpenAIBackend.scheme, OpenAIBackend)
