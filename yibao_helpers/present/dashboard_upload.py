"""The dashboard's upload of a user's own numbers (a CSV in the format of ``data/*.csv``): the widgets and what
happens on upload (:class:`UploadControls`, mixed into :class:`yibao_helpers.present.dashboard.Dashboard`)."""

from __future__ import annotations

import html

from ..core.errors import PolicyDataError, YibaoInputError
from ..params import policy_file as file_in_use
from ..params import region_name, regions, use_policy_file


class UploadControls:
    """The upload button, the 只用本项目数据 button and the status line; the dashboard supplies ``region`` (the
    region dropdown) and ``_changed_all`` (redraw every tab)."""

    def _build_upload(self, w) -> None:
        self.upload = w.FileUpload(accept=".csv", multiple=False, description="上传本地数字（CSV）").add_class(
            "yb-upload"
        )
        self.clear_upload = w.Button(description="只用本项目数据", disabled=file_in_use() is None).add_class(
            "yb-upload-clear"
        )
        self.upload_status = w.HTML(self._upload_text()).add_class("yb-upload-status")
        self.upload.observe(self._uploaded, names="value")
        self.clear_upload.on_click(lambda _button: self._use_file(None))

    # your own city's numbers (a CSV in the format of data/*.csv; params.user_file checks it)
    def _upload_text(self, error: str = "") -> str:
        if error:
            return f"<span class='yb-error'>{html.escape(error)}</span>"
        used = file_in_use()
        if used is None:
            return (
                "<span class='yb-note'>可上传本地公布的数字（格式同 data/*.csv，"
                "示例见 data/templates/my_city_example.csv）；上传后页面上标为“用户提供”。</span>"
            )
        return (
            f"<span class='yb-note'>正在使用你的文件 {html.escape(used.rsplit('/', 1)[-1])}（标为“用户提供”）。</span>"
        )

    def _uploaded(self, change) -> None:
        import tempfile
        from pathlib import Path

        files = change["new"]
        if not files:
            return
        item = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        name = Path(str(item.get("name") or "upload.csv")).name
        folder = Path(tempfile.mkdtemp(prefix="yibao-upload-"))
        path = folder / name
        path.write_bytes(bytes(item["content"]))
        self._use_file(path)

    def use_file(self, path) -> None:
        """Use the user's CSV at ``path`` (None: the project's data only): the region list, every tab and the
        status line follow; a bad file leaves the page as it was and says what is wrong."""
        self._use_file(path)

    def _use_file(self, path) -> None:
        from ..params import user_file

        before = file_in_use()
        try:
            use_policy_file(path)
        except YibaoInputError as exc:
            use_policy_file(before)
            # a file error names its file, line and column (its first, Chinese line); others the usual message
            from .dashboard import error_message

            said = str(exc).splitlines()[0] if isinstance(exc, PolicyDataError) else error_message(exc)
            self.upload_status.value = self._upload_text(said[:280])
            return
        codes = regions()
        wanted = self.region.value if self.region.value in codes else "national"
        if path is not None:
            mine = list(dict.fromkeys(user_file.read(path)["region"]))
            wanted = mine[0] if mine and mine[0] in codes else wanted
        self.region.unobserve(self._changed_all, names="value")
        self.region.options = [(f"{region_name(c)}（{c}）", c) for c in codes]
        self.region.value = wanted
        self.region.observe(self._changed_all, names="value")
        self.clear_upload.disabled = file_in_use() is None
        self.upload_status.value = self._upload_text()
        self._changed_all()
