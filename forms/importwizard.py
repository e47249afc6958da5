"""导入 Excel: a legacy ledger spreadsheet brought in by a wizard, every row checked as a
card is at entry. Keyboard throughout: Enter moves on, Alt+letter picks.

1. the file, its sheet, and the grid the rows go to (or the sheet's 网格 column);
2. which column is which (common headers are recognised; the rest are chosen here);
3. the check: how many rows are good, each bad one with its reason, the report;
   all valid rows or nothing, as chosen;
4. what was imported.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from forms.cards.rows import RowsModel, table
from forms.ledgers.screen import buddy
from forms.scope import ScopeBoxes
from forms.tasks import Cancelled, run_with_progress
from gridapp.errors import UserError
from gridapp.services import importcells, importxlsx
from gridapp.store.session import current_user

SAMPLES = 3  # example values shown beside each column


class FilePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle("选择旧台账")
        self.setSubTitle("Excel 表格（.xlsx、.xls）：第一行或标题下的一行是表头，每行一个人。")
        self.path = QLineEdit()
        self.path.setPlaceholderText("文件路径，或按“浏览”选择")
        browse = QPushButton("浏览(&B)…")
        browse.setAutoDefault(False)  # Enter moves the wizard on
        self.sheet = QComboBox()
        self.places = ScopeBoxes(self, all_grids="按表中“网格”列")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(buddy("文件(&F)", self.path), row)
        form.addRow(buddy("工作表(&S)", self.sheet), self.sheet)
        form.addRow(buddy("社区(&C)", self.places.community), self.places.community)
        form.addRow(buddy("导入到网格(&G)", self.places.grid), self.places.grid)
        browse.clicked.connect(self._browse)
        self.path.editingFinished.connect(self._load_sheets)
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择旧台账", str(Path.home()), "Excel 表格 (*.xlsx *.xls *.ods)")
        if name:
            self.path.setText(name)
            self._load_sheets()

    def _load_sheets(self) -> None:
        from gridapp.services.sheetread import sheet_names

        self.sheet.clear()
        try:
            self.sheet.addItems(sheet_names(self.path.text().strip()))
        except UserError:
            pass

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:
        if not self.sheet.count():
            self._load_sheets()
        try:
            self.w.sheet = importxlsx.open_sheet(self.path.text().strip(), self.sheet.currentText() or None)
        except UserError as exc:
            QMessageBox.warning(self, "导入 Excel", str(exc))
            return False
        self.w.scope = self.places.scope()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle("每一列是什么")
        self.setSubTitle("常见表头已认出；其余的列请选择导入为哪一项，或“不导入”。")
        self.boxes: list[QComboBox] = []
        self.form_host = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def initializePage(self) -> None:
        from openpyxl.utils import get_column_letter

        sheet = self.w.sheet
        guessed = importxlsx.guess_mapping(sheet.headers)
        old = self.form_host.layout()
        if old is not None:
            QWidget().setLayout(old)  # drop the previous file's rows
        form = QFormLayout(self.form_host)
        self.boxes = []
        for col, header in enumerate(sheet.headers):
            box = QComboBox()
            for key, label in importxlsx.field_choices().items():
                box.addItem(label, key)
            box.setCurrentIndex(max(box.findData(guessed.get(col, "")), 0))
            samples = [importcells.text(r[col]) for r in sheet.body[:20] if importcells.text(r[col])][:SAMPLES]
            hint = f"（例：{'、'.join(samples)}）" if samples else ""
            label = QLabel(f"{get_column_letter(col + 1)} 列 {header or '（无表头）'}{hint}")
            label.setBuddy(box)
            form.addRow(label, box)
            self.boxes.append(box)
        if self.boxes:
            self.boxes[0].setFocus()

    def mapping(self) -> dict[int, str]:
        return {col: box.currentData() for col, box in enumerate(self.boxes) if box.currentData()}

    def validatePage(self) -> bool:
        mapping = self.mapping()
        if len(set(mapping.values())) < len(mapping):
            QMessageBox.warning(self, "导入 Excel", "有两列选了同一项，请改正。")
            return False
        missing = importxlsx.missing_fields(mapping)
        if not missing and self.w.scope.grid is None and "grid" not in mapping.values():
            missing = ["网格（或在上一步选定导入到的网格）"]
        if missing:
            QMessageBox.warning(self, "导入 Excel", f"还缺：{'、'.join(missing)}")
            return False
        self.w.mapping = mapping
        return True


class CheckPage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle("检查")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RowsModel([("行号", "number"), ("原因", "reason"), ("姓名", "name")])
        self.view = table(self.model, [60, 520])
        self.valid_only = QRadioButton("只导入无误的行(&V)")
        self.all_or_nothing = QRadioButton("全部无误才导入(&A)")
        self.all_or_nothing.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.valid_only)
        group.addButton(self.all_or_nothing)
        self.report_button = QPushButton("保存检查报告(&R)…")
        self.report_button.setAutoDefault(False)
        modes = QHBoxLayout()
        modes.addWidget(self.all_or_nothing)
        modes.addWidget(self.valid_only)
        modes.addStretch(1)
        modes.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(modes)
        self.report_button.clicked.connect(self.w.save_report)

    def initializePage(self) -> None:
        w = self.w
        community = w.scope.community.name if w.scope.community is not None else ""
        try:
            w.plan = run_with_progress(self, "正在逐行检查…", lambda progress: importxlsx.check_sheet(
                w.sheet, w.mapping, w.scope.grid, community=community))
        except (Cancelled, UserError) as exc:
            w.plan = None
            self.summary.setText(f"未能检查：{exc}")
            return
        finally:
            w.activateWindow()  # back from the progress dialog
        plan = w.plan
        self.summary.setText(
            f"共 {len(plan.rows)} 行：无误 {plan.persons} 人（{len(plan.ready)} 户），有误 {len(plan.rejected)} 行，"
            f"需核对 {len(plan.noted)} 行。" + (f"地址无法识别 {len(plan.unparsed_addresses)} 处（未导入，见报告）。"
                                              if plan.unparsed_addresses else "")
            + (f"本网格尚无、导入时将新建的楼栋 {len(plan.new_buildings)} 栋：{'、'.join(plan.new_buildings[:5])}"
               f"{' 等' if len(plan.new_buildings) > 5 else ''}。" if plan.new_buildings else ""))
        self.model.set_rows([{"number": r.number, "reason": "；".join(r.errors), "name": r.member.get("name", "")}
                             for r in plan.rejected])
        self.report_button.setEnabled(bool(plan.rejected or plan.noted))
        self.setButtonText(QWizard.WizardButton.NextButton, "导入(&I)")
        (self.all_or_nothing if not plan.rejected else self.valid_only).setFocus()

    def validatePage(self) -> bool:
        w = self.w
        if w.plan is None:
            return False
        mode = "valid_only" if self.valid_only.isChecked() else "all_or_nothing"
        if mode == "all_or_nothing" and w.plan.rejected:
            QMessageBox.information(self, "导入 Excel", f"有 {len(w.plan.rejected)} 行有误：按“全部无误才导入”，"
                                    "不会导入任何内容。请保存检查报告、改正后再导入，或选择“只导入无误的行”。")
            return False
        source = Path(self.w.page(0).path.text()).name
        try:
            w.result = run_with_progress(self, "正在导入…", lambda progress: importxlsx.run(w.plan, mode, source))
        except (Cancelled, UserError) as exc:
            QMessageBox.warning(self, "导入 Excel", str(exc))
            return False
        finally:
            w.activateWindow()
        return True


class DonePage(QWizardPage):
    def __init__(self, wizard: "ImportWizard"):
        super().__init__()
        self.w = wizard
        self.setTitle("完成")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.report_button = QPushButton("保存检查报告(&R)…")
        self.report_button.setAutoDefault(False)
        self.report_button.clicked.connect(self.w.save_report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.report_button)
        layout.addStretch(1)

    def initializePage(self) -> None:
        r = self.w.result
        left = f"；{r.rejected_rows} 行有误未导入，原因见检查报告" if r.rejected_rows else ""
        self.text.setText(f"已导入 {r.households} 户 {r.persons} 人{left}。")
        self.report_button.setVisible(bool(r.rejected_rows or r.noted_rows))


class ImportWizard(QWizard):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("导入 Excel 旧台账")
        self.sheet = self.scope = self.plan = self.result = None
        self.mapping: dict[int, str] = {}
        for button, text in ((QWizard.WizardButton.NextButton, "下一步(&N)"),
                             (QWizard.WizardButton.BackButton, "上一步(&P)"),
                             (QWizard.WizardButton.FinishButton, "完成"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        for page in (FilePage(self), MappingPage(self), CheckPage(self), DonePage(self)):
            self.addPage(page)
        self.resize(820, 600)

    def save_report(self) -> None:
        if self.plan is None:
            return
        source = Path(self.page(0).path.text().strip())
        suggested = source.with_name(source.stem + "-导入检查.xlsx")
        name, _ = QFileDialog.getSaveFileName(self, "保存检查报告", str(suggested), "Excel 表格 (*.xlsx)")
        if name:
            from reports.import_report import write_report

            write_report(self.plan, name if name.lower().endswith(".xlsx") else name + ".xlsx", current_user())
