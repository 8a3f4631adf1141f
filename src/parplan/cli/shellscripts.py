"""The completion scripts `parplan completion SHELL` prints, for bash, zsh and fish.

Each carries the table of ``cli.tabwords`` (commands, options, the values known without a plan)
and walks the words typed so far itself: a Tab press on a command or an option name runs no
parplan at all. Only where the value is read from a plan (a unit id, an indicator id, a task
number, a period) does the script start parplan, with Typer's completion protocol
(``_PARPLAN_COMPLETE``); where nothing is known, the shell offers files. A script is made for
the parplan that prints it: print it again after an upgrade (or source it from
``parplan completion SHELL`` at each start).

PowerShell keeps Typer's own script, which asks parplan at every press."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from parplan.cli.completion import COMPLETE_VAR, PROG
from parplan.cli.tabwords import Place, Values


def bash(places: Iterable[Place]) -> str:
    """bash: a ``case`` per command sets the words; ``compgen`` picks those that fit."""
    cases = "\n".join(_bash_case(place) for place in places)
    return _BASH.replace("@CASES@", cases).replace("@VAR@", COMPLETE_VAR)


def _bash_case(place: Place) -> str:
    takes = " ".join(f"{word}={_bash_kind(values)}" for word, values in place.takes.items())
    arguments = " ".join(_bash_kind(values) for values in place.arguments)
    return (
        f"        {_sh(' '.join(place.path))})\n"
        f"            commands={_sh(' '.join(name for name, _ in place.commands))}\n"
        f"            options={_sh(' '.join(word for word, _ in place.options))}\n"
        f"            takes={_sh(' ' + takes + ' ')}\n"
        f"            arguments={_sh(arguments)} repeats={'1' if place.repeats else _sh('')} ;;"
    )


def _bash_kind(values: Values) -> str:
    if values.ask:
        return "ask"
    if values.fixed:
        return "fixed:" + ",".join(value for value, _ in values.fixed)
    return "files" if values.files else "none"


_BASH = r"""# parplan: Tab completion for bash (parplan completion bash)
_parplan_place() {
    case "$1" in
@CASES@
        *) commands='' options='' takes=' ' arguments='' repeats='' ;;
    esac
}

_parplan_completion() {
    local cur=${COMP_WORDS[COMP_CWORD]} where='' word wanted='' kind='' n=0 i
    local commands options takes arguments repeats
    [[ $cur == = ]] && cur=''
    _parplan_place ''
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == = ]]; then  # --option=value: bash splits at the "="
            continue
        elif [[ -n $wanted ]]; then
            wanted=''
        elif [[ $word == -* ]]; then
            [[ $word != *=* && $takes == *" $word="* ]] && wanted=$word
        elif [[ $n == 0 && " $commands " == *" $word "* ]]; then
            where=${where:+$where }$word
            _parplan_place "$where"
        else
            n=$((n + 1))
        fi
    done
    COMPREPLY=()
    if [[ -n $wanted ]]; then
        kind=${takes#*" $wanted="}
        kind=${kind%% *}
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return 0
    elif [[ -n $commands ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return 0
    else
        local -a kinds=($arguments)
        if [[ -n $repeats ]] && ((n >= ${#kinds[@]})); then
            n=$((${#kinds[@]} - 1))
        fi
        ((n >= 0)) && kind=${kinds[n]}
    fi
    case $kind in
        ask)
            local IFS=$'\n'
            COMPREPLY=($(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
                @VAR@=complete_bash "$1" 2>/dev/null))
            for i in "${!COMPREPLY[@]}"; do  # a unit's name: its spaces escaped, one word
                [[ ${COMPREPLY[i]} == *[[:space:]]* ]] && COMPREPLY[i]=$(printf '%q' "${COMPREPLY[i]}")
            done
            ;;
        fixed:*)
            local values=${kind#fixed:}
            COMPREPLY=($(compgen -W "${values//,/ }" -- "$cur"))
            ;;
        none)  # a date, a number, a text: no files
            compopt +o default 2>/dev/null
            ;;
    esac
    return 0
}

complete -o default -F _parplan_completion parplan
"""


def zsh(places: Iterable[Place]) -> str:
    """zsh: a ``case`` per command sets arrays of ``"word":"help"``; those that begin with the
    word typed go to ``_arguments``."""
    cases = "\n".join(_branch(place, _ZSH_WORDS, " ".join(place.path)) for place in places)
    return _ZSH.replace("@CASES@", cases).replace("@VAR@", COMPLETE_VAR)


@dataclass(frozen=True)
class _Words:
    """How zsh or fish writes a command's words: a quoted word, a word with its help, and
    the branch of the ``case``/``switch`` that sets them."""

    quote: Callable[[str], str]
    entry: Callable[[str, str], str]
    branch: str  # with {key} {commands} {options} {takes} {arguments} {repeats}


def _branch(place: Place, words: _Words, key: str) -> str:
    def entries(pairs: Iterable[tuple[str, str]]) -> str:
        return " ".join(words.quote(words.entry(word, help)) for word, help in pairs)

    def kind(values: Values) -> str:
        if values.ask:
            return "ask"
        if values.fixed:
            return "fixed\n" + "\n".join(words.entry(value, label) for value, label in values.fixed)
        return "files" if values.files else "none"

    takes = (
        f"{words.quote(word)} {words.quote(kind(values))}" for word, values in place.takes.items()
    )
    return words.branch.format(
        key=words.quote(key),
        commands=entries(place.commands),
        options=entries(place.options),
        takes=" ".join(takes),
        arguments=" ".join(words.quote(kind(values)) for values in place.arguments),
        repeats="1" if place.repeats else words.quote(""),
    )


def _zsh_entry(word: str, help: str) -> str:
    """``"word":"help"`` as ``_arguments`` reads it in ``((…))``."""

    def escape(text: str) -> str:
        for char in '\\"$`':
            text = text.replace(char, "\\" + char)
        return text

    word = escape(word).replace(":", "\\:")
    return f'"{word}":"{escape(help)}"' if help else f'"{word}"'


_ZSH = r"""#compdef parplan
# parplan: Tab completion for zsh (parplan completion zsh)
_parplan_place() {
    case "$1" in
@CASES@
        (*) commands=() options=() takes=() arguments=() repeats='' ;;
    esac
}

_parplan_completion() {
    local cur=${words[CURRENT]} where='' word wanted='' kind='' n=0 i
    local -a commands options arguments offered
    local -A takes
    local repeats
    _parplan_place ''
    for ((i = 2; i < CURRENT; i++)); do
        word=${words[i]}
        if [[ -n $wanted ]]; then
            wanted=''
        elif [[ $word == -* ]]; then
            [[ $word != *=* && -n ${takes[$word]} ]] && wanted=$word
        elif ((n == 0)) && [[ -n ${(M)commands:#\"${(b)word}\"*} ]]; then
            where=${where:+$where }$word
            _parplan_place "$where"
        else
            n=$((n + 1))
        fi
    done
    if [[ -n $wanted ]]; then
        kind=${takes[$wanted]}
    elif [[ $cur == -* ]]; then
        offered=(${(M)options:#\"${(b)cur}*})
    elif ((${#commands})); then
        offered=(${(M)commands:#\"${(b)cur}*})
    else
        if [[ -n $repeats ]] && ((n >= ${#arguments})); then
            n=$((${#arguments} - 1))
        fi
        ((n >= 0)) && kind=${arguments[n + 1]}
    fi
    case $kind in
        (ask)
            eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" @VAR@=complete_zsh parplan 2>/dev/null)
            return
            ;;
        (fixed*)
            offered=(${(M)${(f)kind#fixed$'\n'}:#\"${(b)cur}*})
            ;;
        (none)  # a date, a number, a text: no files
            return 1
            ;;
    esac
    if ((${#offered})); then
        _arguments "*: :((${(j: :)offered}))"
    else
        _files
    fi
}

compdef _parplan_completion parplan
"""


def fish(places: Iterable[Place]) -> str:
    """fish: a ``switch`` per command sets lists of ``word<Tab>help``; ``string match`` picks
    those that begin with the word typed. Where nothing is offered, fish's own path completion
    answers."""
    cases = "\n".join(
        _branch(place, _FISH_WORDS, " ".join((PROG, *place.path))) for place in places
    )
    return _FISH.replace("@CASES@", cases).replace("@VAR@", COMPLETE_VAR)


_FISH = r"""# parplan: Tab completion for fish (parplan completion fish)
function __parplan_place
    switch "$argv[1]"
@CASES@
        case '*'
            set -g __parplan_commands
            set -g __parplan_options
            set -g __parplan_takes
            set -g __parplan_arguments
            set -g __parplan_repeats
    end
end

function __parplan_complete
    set -l typed (commandline -opc)
    set -l cur (commandline -ct)
    set -l where parplan
    set -l wanted
    set -l kind
    set -l n 0
    __parplan_place "$where"
    for word in $typed[2..-1]
        if test -n "$wanted"
            set wanted
        else if string match -q -- '-*' $word
            if not string match -q -- '*=*' $word; and contains -- $word $__parplan_takes
                set wanted $word
            end
        else if test $n -eq 0; and string match -q -- "$word"\t'*' $__parplan_commands
            set where "$where $word"
            __parplan_place "$where"
        else if test $n -eq 0; and contains -- $word $__parplan_commands
            set where "$where $word"
            __parplan_place "$where"
        else
            set n (math $n + 1)
        end
    end
    set -l offered
    if test -n "$wanted"
        set -l at (contains -i -- $wanted $__parplan_takes)
        set kind $__parplan_takes[(math $at + 1)]
    else if string match -q -- '-*' $cur
        set offered (string match -- "$cur*" $__parplan_options)
    else if set -q __parplan_commands[1]
        set offered (string match -- "$cur*" $__parplan_commands)
    else
        if test -n "$__parplan_repeats"; and test $n -ge (count $__parplan_arguments)
            set n (math (count $__parplan_arguments) - 1)
        end
        if test $n -ge 0; and test $n -lt (count $__parplan_arguments)
            set kind $__parplan_arguments[(math $n + 1)]
        end
    end
    switch "$kind"
        case ask
            set offered (env @VAR@=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args \
                _TYPER_COMPLETE_ARGS=(commandline -cp) parplan 2>/dev/null | string match -v '')
        case 'fixed*'
            set offered (string match -- "$cur*" (string split \n -- $kind)[2..-1])
    end
    if set -q offered[1]
        printf '%s\n' $offered
    else if test "$kind" != none  # a date, a number, a text: no files
        __fish_complete_path $cur
    end
end

complete --command parplan --no-files --arguments '(__parplan_complete)'
"""


def _sh(text: str) -> str:
    """``text`` as one word in single quotes, for bash and zsh (nothing is special inside)."""
    return "'" + text.replace("'", "'\\''") + "'"


def _fish(text: str) -> str:
    """``text`` as one word in single quotes, for fish (where ``\\`` and ``\\'`` are escapes)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_ZSH_WORDS = _Words(
    _sh,
    _zsh_entry,
    "        ({key})\n"
    "            commands=({commands})\n"
    "            options=({options})\n"
    "            takes=({takes})\n"
    "            arguments=({arguments}) repeats={repeats} ;;",
)
_FISH_WORDS = _Words(
    _fish,
    lambda word, help: f"{word}\t{help}" if help else word,
    "        case {key}\n"
    "            set -g __parplan_commands {commands}\n"
    "            set -g __parplan_options {options}\n"
    "            set -g __parplan_takes {takes}\n"
    "            set -g __parplan_arguments {arguments}\n"
    "            set -g __parplan_repeats {repeats}",
)

SCRIPTS: dict[str, Callable[[Iterable[Place]], str]] = {"bash": bash, "zsh": zsh, "fish": fish}
