"""Names vulture (dead-code finder, `make test`) cannot see used: read by frameworks, not by
calls. Regenerate with `vulture src --min-confidence 60 --make-whitelist` and review each line:
a name here must have a real use outside parplan's own calls."""

# ruff: noqa
# mypy: ignore-errors
# fmt: off
# typer commands (registered by decorator), pydantic config and validators, Jinja template
# variables (report context attributes), openpyxl/ruamel/click attributes set for the library
show_version  # unused variable (src/parplan/cli.py:51)
check  # unused function (src/parplan/cli.py:107)
export  # unused function (src/parplan/cli.py:167)
deadlines  # unused function (src/parplan/cli.py:218)
record_task_cmd  # unused function (src/parplan/cli.py:429)
record_indicator_cmd  # unused function (src/parplan/cli.py:472)
record_obligation_cmd  # unused function (src/parplan/cli.py:534)
publish  # unused function (src/parplan/cli.py:725)
site  # unused function (src/parplan/cli.py:769)
templates_cmd  # unused function (src/parplan/cli.py:795)
import_cmd  # unused function (src/parplan/cli.py:862)
OK  # unused variable (src/parplan/errors.py:23)
_.creator  # unused attribute (src/parplan/forms/build.py:68)
_.hidden  # unused attribute (src/parplan/forms/build.py:85)
_.freeze_panes  # unused attribute (src/parplan/forms/build.py:86)
_.formatColumns  # unused attribute (src/parplan/forms/build.py:90)
_.formatRows  # unused attribute (src/parplan/forms/build.py:91)
_.number_format  # unused attribute (src/parplan/forms/build.py:120)
_.fill  # unused attribute (src/parplan/forms/build.py:122)
_.alignment  # unused attribute (src/parplan/forms/build.py:124)
_.errorStyle  # unused attribute (src/parplan/forms/build.py:147)
_.errorStyle  # unused attribute (src/parplan/forms/build.py:154)
_.errorStyle  # unused attribute (src/parplan/forms/build.py:158)
_.errorTitle  # unused attribute (src/parplan/forms/build.py:159)
_.allow_blank  # unused attribute (src/parplan/forms/build.py:160)
_.showErrorMessage  # unused attribute (src/parplan/forms/build.py:161)
_.sheet_state  # unused attribute (src/parplan/forms/build.py:175)
_._  # unused attribute (src/parplan/i18n.py:145)
_.help  # unused attribute (src/parplan/i18n.py:167)
_._get_number_range_help_str  # unused attribute (src/parplan/i18n.py:180)
_._sub_purpose  # unused method (src/parplan/importing/body.py:147)
_._sub_areas  # unused method (src/parplan/importing/body.py:158)
_._sub_duties  # unused method (src/parplan/importing/body.py:182)
_._sub_reporting  # unused method (src/parplan/importing/body.py:198)
_._sub_funding  # unused method (src/parplan/importing/body.py:201)
_._sub_targets  # unused method (src/parplan/importing/body.py:204)
_._sub_unknown  # unused method (src/parplan/importing/body.py:207)
model_config  # unused variable (src/parplan/model.py:46)
_._issue_date  # unused method (src/parplan/model.py:147)
_._once  # unused method (src/parplan/model.py:319)
_._one_form  # unused method (src/parplan/model.py:326)
_._each_day_one_list  # unused method (src/parplan/model.py:466)
authority  # unused variable (src/parplan/model.py:390)
unclassified  # unused variable (src/parplan/model.py:422)
done_late  # unused variable (src/parplan/report.py:63)
not_yet_due  # unused variable (src/parplan/report.py:65)
cancelled  # unused variable (src/parplan/report.py:66)
obligations_due  # unused variable (src/parplan/report.py:67)
obligations_met  # unused variable (src/parplan/report.py:68)
_.obligations_due  # unused attribute (src/parplan/report.py:203)
_.obligations_met  # unused attribute (src/parplan/report.py:204)
_.done_late  # unused attribute (src/parplan/report.py:210)
_.cancelled  # unused attribute (src/parplan/report.py:214)
_.not_yet_due  # unused attribute (src/parplan/report.py:216)
attached_to  # report template variable (src/parplan/report.py, report_rows.py)
direction  # report template variable (src/parplan/report.py, report_rows.py)
due_cell  # report template variable (src/parplan/report.py, report_rows.py)
general_indicators  # report template variable (src/parplan/report.py, report_rows.py)
headings  # report template variable (src/parplan/report.py, report_rows.py)
indicators_appendix  # report template variable (src/parplan/report.py, report_rows.py)
indicators_appendix_title  # report template variable (src/parplan/report.py, report_rows.py)
indicators_lead  # report template variable (src/parplan/report.py, report_rows.py)
issuing_body  # report template variable (src/parplan/report.py, report_rows.py)
motto  # report template variable (src/parplan/report.py, report_rows.py)
nation  # report template variable (src/parplan/report.py, report_rows.py)
number_line  # report template variable (src/parplan/report.py, report_rows.py)
opening  # report template variable (src/parplan/report.py, report_rows.py)
outlook  # report template variable (src/parplan/report.py, report_rows.py)
overdue_periods  # report template variable (src/parplan/report.py, report_rows.py)
own_period  # report template variable (src/parplan/report.py, report_rows.py)
placeholder  # report template variable (src/parplan/report.py, report_rows.py)
proposals  # report template variable (src/parplan/report.py, report_rows.py)
reference  # report template variable (src/parplan/report.py, report_rows.py)
status_label  # report template variable (src/parplan/report.py, report_rows.py)
tasks_appendix  # report template variable (src/parplan/report.py, report_rows.py)
tasks_appendix_title  # report template variable (src/parplan/report.py, report_rows.py)
_.default_flow_style  # unused attribute (src/parplan/document/yamlio.py:356)
_.allow_unicode  # unused attribute (src/parplan/document/yamlio.py:357)
_.sort_base_mapping_type_on_output  # unused attribute (src/parplan/document/yamlio.py:359)
_.ignore_aliases  # unused attribute (src/parplan/document/yamlio.py:360): read by ruamel's representer
_.data_type  # openpyxl reads it when saving (src/parplan/forms/build.py: text written as text)
_.quotePrefix  # openpyxl cell style, read when saving (src/parplan/forms/build.py)
_.paperSize  # openpyxl page setup, read when saving (src/parplan/forms/build.py: printing)
_.orientation  # openpyxl page setup
_.fitToWidth  # openpyxl page setup
_.fitToHeight  # openpyxl page setup
_.pageSetUpPr  # openpyxl sheet properties
_.page_margins  # openpyxl worksheet
_.gridLines  # openpyxl print options
_.print_title_rows  # openpyxl worksheet
_.print_area  # openpyxl worksheet
_.get_source  # unused method (src/parplan/sandbox.py): Jinja's loader interface
intercepted_binops  # unused variable (src/parplan/sandbox.py): read by Jinja's sandbox
process_renderables  # rich RenderHook method, called by Console.print (src/parplan/terminal.py)
